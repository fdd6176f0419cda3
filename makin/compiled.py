"""A query's SQL made by the ORM once per process and run with each request's values: for the
lookups every page makes (the session, the signed-in person), compiling the query took more of
a page's time than running it."""


def compiled(queryset, *placeholders) -> tuple[str, tuple[int, ...]]:
    """The SQL of `queryset`, built with `placeholders` as the values it compares, and where
    each placeholder stands among the SQL's parameters. A query with other parameters is
    refused: they would be frozen into every run."""
    sql, params = queryset.query.sql_with_params()
    if len(params) != len(placeholders) or any(p not in params for p in placeholders):
        raise ValueError(f"Unexpected parameters of a compiled query: {params!r}")
    return sql, tuple(params.index(p) for p in placeholders)


def parameters(places: tuple[int, ...], *values) -> list:
    """The parameters of a `compiled` query: each value where its placeholder stood."""
    params = [None] * len(places)
    for place, value in zip(places, values, strict=True):
        params[place] = value
    return params
