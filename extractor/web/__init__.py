"""The review page (issue 11): ``cnie serve`` (FastAPI app over the achievements database) and
``cnie report`` (the same document view as one self-contained HTML file)."""
