"""``INSERT ... SELECT`` from a queryset, which Django's ORM has no word for: rows derived from
other tables are written without leaving the database (decision 0050)."""

from django.db import connections, router
from django.db.models import Model, QuerySet


def insert_selected(
    model: type[Model], columns: dict[str, str], queryset: QuerySet, *, summing: str = ""
) -> int:
    """Insert into ``model``'s table a row for each row of ``queryset``: ``columns`` maps each
    of the model's fields written to the name of the queryset's annotation that gives it (the
    model's other fields take their database defaults). With ``summing`` (one of the fields),
    rows alike in every other field are inserted once, that field the sum of theirs. The select
    runs on the database the model is written to, in its transaction. Gives how many rows were
    inserted."""
    if summing and summing not in columns:
        raise ValueError(f"Rows alike are summed in {summing!r}, which no annotation gives.")
    database = router.db_for_write(model)
    connection = connections[database]
    picked = queryset.values_list(*columns.values())
    select, params = picked.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    targets = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    # Named from a subquery, so the order of the columns never rests on how Django orders a
    # select's annotations.
    alike = [f"picked.{quote(source)}" for name, source in columns.items() if name != summing]
    sources = [
        f"SUM(picked.{quote(source)})" if name == summing else f"picked.{quote(source)}"
        for name, source in columns.items()
    ]
    grouped = f" GROUP BY {', '.join(alike)}" if summing else ""
    # Names quoted from the model and the queryset's own SQL; every value is a parameter.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({targets}) SELECT {', '.join(sources)} FROM ({select}) picked{grouped}"  # noqa: S608, E501
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
