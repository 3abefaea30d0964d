import pytest

from haven.matching.name_variants import SPELLING_VARIANTS
from haven.matching.normalise import (
    canonical_token,
    consonant_skeleton,
    house_number,
    name_part_keys,
    nhs_number_is_valid,
    normalise_gender,
    normalise_nationalities,
    normalise_phone,
    normalise_postcode,
    normalise_text,
    postcode_district,
    split_full_name,
    street_key,
)


def test_every_spelling_belongs_to_one_variant_class():
    spellings = [spelling for group in SPELLING_VARIANTS for spelling in set(group)]
    assert len(spellings) == len(set(spellings))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Văn", "nguyen van"),
        ("O'Brien", "obrien"),
        ("Al-Hassan", "al hassan"),
        ("  Ëlira  ", "elira"),
        ("Олександр", "oleksandr"),
    ],
)
def test_normalise_text_transliterates_and_strips_punctuation(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize("spelling", ["Muhammad", "Mohamad", "Mohammed", "MOHAMED", "Muhammed"])
def test_muhammad_spellings_share_a_canonical_form(spelling):
    assert name_part_keys(spelling).canonical == "muhammad"


@pytest.mark.parametrize(
    ("left", "right"),
    [("Aly", "Ali"), ("Yousef", "Yusuf"), ("Ebrahim", "Ibrahim"), ("Tesfay", "Tesfaye")],
)
def test_transliteration_variants_share_a_canonical_form(left, right):
    assert canonical_token(normalise_text(left)) == canonical_token(normalise_text(right))


@pytest.mark.parametrize(
    ("left", "right"),
    [("Mohammed", "mhmd"), ("Hussein", "Husain"), ("Oleksandr", "Alexander"), ("Jamal", "Djamal")],
)
def test_consonant_skeleton_ignores_vowels_and_romanisation(left, right):
    assert consonant_skeleton(normalise_text(left)) == consonant_skeleton(normalise_text(right))


def test_arabic_particles_are_dropped_and_abdul_joined():
    assert name_part_keys("Al-Hassan").normalised == "hassan"
    assert name_part_keys("Abdul Rahman").canonical == "abdulrahman"


def test_name_part_keys_keep_first_and_last_tokens_for_blocking():
    keys = name_part_keys("Van Minh")
    assert keys.first_token == "van"
    assert keys.last_token == "minh"
    assert keys.blocking_tokens == ("wn", "mn")


def test_split_full_name_keeps_particles_with_the_family_name():
    assert split_full_name("Ahmed Al Hassan") == ("Ahmed", "Al Hassan")
    assert split_full_name("Mo") == ("Mo", "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+44 7700 900123", "07700900123"),
        ("0044 7700 900123", "07700900123"),
        ("07700-900-123", "07700900123"),
        ("447700900123", "07700900123"),
        ("123", ""),
        ("", ""),
    ],
)
def test_normalise_phone_uses_uk_national_form(raw, expected):
    assert normalise_phone(raw) == expected


def test_postcodes_and_districts():
    assert normalise_postcode("ch1 4ab") == "CH14AB"
    assert postcode_district("CH14AB") == "CH1"


def test_nhs_number_check_digit():
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")
    assert not nhs_number_is_valid("943476591")


def test_gender_and_nationality_normalisation():
    assert normalise_gender("Female") == "F"
    assert normalise_gender("boy") == "M"
    assert normalise_gender("unknown") == ""
    assert normalise_gender("non-binary") == "X"
    assert normalise_nationalities("gb; iq") == ("GB", "IQ")
    assert normalise_nationalities(("UK",)) == ("GB",)


@pytest.mark.parametrize(
    ("address", "key", "number"),
    [
        ("12 cullen street mentone", "12 cul", "12"),
        ("12a cullen street", "12a cul", "12a"),
        ("cullen street mentone", "", ""),
        ("12", "", "12"),
    ],
)
def test_street_key_and_house_number(address, key, number):
    assert street_key(address) == key
    assert house_number(address) == number
