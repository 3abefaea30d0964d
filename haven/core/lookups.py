"""``AnyOf``: ``IN`` a list of values, sent to PostgreSQL as one array.

Django writes ``pk__in=ids`` as ``IN (%s, %s, ...)``, one parameter per value, so a query's text
differs with every list's length and the driver parses it afresh each time. The hot reads of a
few hundred ids (who of the possible matches a user may see, their records) spent more time
there than in the database. ``AnyOf(F("pk"), ids)`` in a filter means the same; on PostgreSQL it
is ``= ANY(%s)`` with the values as one array parameter. Elsewhere it is Django's ``IN``."""

from django.db.models.lookups import In


class AnyOf(In):
    """Use as an expression: ``Model.objects.filter(AnyOf(F("field"), values))``."""

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # ``In`` drops None and duplicates, refuses an empty list (nothing matches) and
        # prepares each value for the column; only the placeholder list is replaced.
        placeholders, values = self.process_rhs(compiler, connection)
        if placeholders != "(" + ", ".join(["%s"] * len(values)) + ")":
            return super().as_sql(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(values))
