"""Rule-based extractors. Each module exposes ``find_<type>(ctx) -> list[<Type>Mention]``
returning mentions in *normalized* offsets (the pipeline maps them back to the original).
They run in the order of ``STAGES`` so that later ones can respect earlier findings:
programme names hold no places or quantities; dates are not quantities."""
