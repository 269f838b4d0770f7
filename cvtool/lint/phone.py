"""Phone numbers to E.164 (``+15855550199``), checked against each country's numbering plan.

A CV is read worldwide, so its number must carry a country code and be dialable from abroad.
``phonenumbers`` (Google's libphonenumber metadata) knows every country's plan; this module
only says, in a CV's words, why a number fails. It is imported when a CV has a phone number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EXTENSION_WORDS = re.compile(r"(?i)(?:;ext=|\bext\b\.?|\bextension\b|(?<=\d)\s*x(?=\s*\d))")


@dataclass(frozen=True)
class PhoneCheck:
    e164: str | None
    problem: str = ""


def to_e164(text: str) -> PhoneCheck:
    """The E.164 form of ``text``, or why there is none."""
    import phonenumbers
    from phonenumbers import NumberParseException

    number = text.strip().removeprefix("tel:").strip()
    if re.search(r"[A-Za-z]", _EXTENSION_WORDS.sub("", number)):
        return PhoneCheck(None, "letters cannot be dialled from abroad")
    if number.startswith("00"):
        number = "+" + number[2:]
    if not number.startswith("+"):
        return PhoneCheck(None, "it has no country code")
    try:
        parsed = phonenumbers.parse(number, None)
    except NumberParseException as exc:
        reasons = {
            NumberParseException.INVALID_COUNTRY_CODE:
                f"+{re.sub(r'[^0-9]', '', number)[:3]} is not a country calling code",
            NumberParseException.TOO_SHORT_NSN: "it has too few digits after the country code",
            NumberParseException.TOO_SHORT_AFTER_IDD:
                "it has too few digits after the country code",
            NumberParseException.TOO_LONG: "it has more than 15 digits",
        }
        return PhoneCheck(None, reasons.get(exc.error_type, "it is not a phone number"))
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if len(e164) > 16:
        return PhoneCheck(None, "it has more than 15 digits")
    if not phonenumbers.is_valid_number(parsed):
        region = phonenumbers.region_code_for_country_code(parsed.country_code)
        where = f" ({region})" if region and region != "ZZ" else ""
        return PhoneCheck(None, f"it is not a valid number in the plan of "
                                f"+{parsed.country_code}{where}")
    return PhoneCheck(e164)
