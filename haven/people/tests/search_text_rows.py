"""The people search's text as stored and as each person's records give it now: tests of every
app that changes people compare the two (decision 0047), over every field of the row."""

from haven.people.models import Person, PersonSearchText
from haven.people.search_text import search_text_rows

FIELDS = tuple(field.attname for field in PersonSearchText._meta.concrete_fields)


def stored_search_text() -> set[tuple]:
    return set(PersonSearchText.objects.values_list(*FIELDS))


def rebuilt_search_text() -> set[tuple]:
    rows = search_text_rows(Person.objects.values_list("pk", flat=True))
    return {tuple(getattr(row, field) for field in FIELDS) for row in rows}
