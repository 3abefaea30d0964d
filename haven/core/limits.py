"""How much one request may carry: the limits on request bodies and on every list and text field
of the API and the pages (penetration test, issue 9).

A concern sent with 10,000 aliases once held the database for 15 seconds while every other user
waited. These limits keep each request small enough to check and save at once, and are generous
for real work. The API schema shows each field's limit (``maxLength``, ``maxItems``,
``maximum``); the README's API section lists them.

=========================================  ======================================
What                                       Limit
=========================================  ======================================
A request body (API or page)               1 MiB (``DATA_UPLOAD_MAX_MEMORY_SIZE``): 413
A file upload to a view that takes files   its setting's size plus 1 MiB: 413
Nesting of a JSON body                     32 levels (``JSON_MAX_DEPTH``): 400
Free text (descriptions, notes, reasons)   15,000 characters, like the Home
                                           Office NRM referral form's boxes
Names (given, family, alias)               100 characters
A code, area or other value from a list    100 characters
Aliases / identifiers / phone numbers      20 / 20 / 10 per person
Nationalities                              10 per person
Addresses / phones mentioned               20 / 20 per concern or return interview
Screening and indicator codes              the vocabulary's size (every code once)
Areas / case sections                      how many there are
Ids (person, case, agency ...)             2^63 - 1, the largest database id
Record versions                            2^31 - 1
=========================================  ======================================
"""

from django.core.validators import MaxLengthValidator

# Bodies larger than settings.DATA_UPLOAD_MAX_MEMORY_SIZE (1 MiB) are refused with 413 before
# they are read (haven.core.middleware.RequestLimitsMiddleware).
# Real bodies nest 3 levels deep; 10,000 nested arrays used to crash the JSON parser.
JSON_MAX_DEPTH = 32

FREE_TEXT_MAX = 15_000
NAME_MAX = 100
CODE_MAX = 100
SEARCH_MAX = 200

ALIASES_MAX = 20
IDENTIFIERS_MAX = 20
PHONES_MAX = 10
NATIONALITIES_MAX = 10
# Addresses and phone numbers a concern or a return home interview mentions, each.
MENTIONS_MAX = 20

# The largest id a database row can have (a signed 64-bit integer): larger ones in a query
# overflow the database driver.
ID_MAX = 2**63 - 1
# A record version is a PositiveIntegerField.
VERSION_MAX = 2**31 - 1


# The attribute ``takes_uploads`` gives a view.
UPLOAD_LIMIT_SETTING = "upload_limit_setting"


def takes_uploads(setting: str):
    """Marks a page or API view that takes a file: its multipart request bodies may be as large
    as the setting named ``setting`` (the largest file it accepts) plus 1 MiB for the rest of
    the form. Every other body stays within 1 MiB."""

    def mark(view):
        setattr(view, UPLOAD_LIMIT_SETTING, setting)
        return view

    return mark


def too_long(noun: str, limit: int) -> str:
    """GOV.UK: "[whatever it is] must be [number] characters or less"."""
    return f"{noun[0].upper()}{noun[1:]} must be {limit:,} characters or less"


def too_many(limit: int, plural: str) -> str:
    """GOV.UK, as in "Enter 20 aliases or fewer"."""
    return f"Enter {limit:,} {plural} or fewer"


def too_large(noun: str, limit: int) -> str:
    return f"{noun[0].upper()}{noun[1:]} must be {limit:,} or less"


def not_an_id(noun: str) -> str:
    return f"{noun[0].upper()}{noun[1:]} must be a whole number from 1 to {ID_MAX:,}"


def max_items(limit: int) -> MaxLengthValidator:
    """A Django form validator on the number of values chosen; pair it with
    ``error_messages={"max_length": too_many(limit, ...)}`` on the field."""
    return MaxLengthValidator(limit)
