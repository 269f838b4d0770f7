"""Phone numbers to E.164 (``+15855550199``) without a phone-number database.

A CV is read worldwide, so its number must carry a country code. A number can be normalised
when it is written with ``+`` (or the ``00`` international prefix) and an assigned country
calling code, then 4 to 14 digits, 15 in all at most (ITU-T E.164). North American numbers
(+1) are checked a little further: ten digits, area code and exchange not starting with 0 or 1.
Grouping with spaces, dots, hyphens, slashes or brackets is fine, and so is a national trunk
prefix written ``(0)`` after the country code; an extension (``ext. 12``, ``x12``) is not part
of E.164 and is left aside. Full validation per numbering plan would need a library such as
``phonenumbers``; this is the check a CV needs: can anyone abroad dial it?
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Assigned country calling codes (ITU-T E.164 list, spare codes left out).
_CODES = frozenset(str(code) for code in (
    1, 7, 20, 27, *range(30, 35), 36, 39, 40, 41, *range(43, 50), *range(51, 59),
    *range(60, 67), 81, 82, 84, 86, *range(90, 96), 98, 211, 212, 213, 216, 218,
    *range(220, 259), *range(260, 270), 290, 291, 297, 298, 299, *range(350, 360),
    *range(370, 379), 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, *range(500, 510),
    *range(590, 600), 670, *range(672, 684), *range(685, 693), 800, 808, 850, 852, 853, 855,
    856, 870, 878, 880, 881, 882, 883, 886, 888, *range(960, 969), *range(970, 978), 979,
    *range(992, 997), 998))
_EXTENSION = re.compile(r"\s*(?:;ext=|ext\.?|extension|x|#)\s*\d{1,6}\s*$", re.IGNORECASE)
_GROUPING = re.compile(r"[\s.\-/()\u00a0\u2010-\u2015]")


@dataclass(frozen=True)
class PhoneCheck:
    e164: str | None
    problem: str = ""


def to_e164(text: str) -> PhoneCheck:
    """The E.164 form of ``text``, or why there is none."""
    number = _EXTENSION.sub("", text.strip().removeprefix("tel:"))
    number = re.sub(r"(?<=\d)\s*\(0\)", "", number)  # +44 (0)20 ...: the trunk prefix
    compact = _GROUPING.sub("", number)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if re.search(r"[A-Za-z]", compact):
        return PhoneCheck(None, "letters cannot be dialled from abroad")
    if not compact.startswith("+"):
        return PhoneCheck(None, "it has no country code")
    digits = compact[1:]
    if not digits.isdigit() or "+" in digits:
        return PhoneCheck(None, "it holds characters that are not digits")
    code = next((digits[:n] for n in (1, 2, 3) if digits[:n] in _CODES), None)
    if code is None:
        return PhoneCheck(None, f"+{digits[:3]} is not a country calling code")
    national = digits[len(code):]
    if len(national) < 4:
        return PhoneCheck(None, "it has too few digits after the country code")
    if len(digits) > 15:
        return PhoneCheck(None, "it has more than 15 digits")
    if code == "1" and not re.fullmatch(r"[2-9]\d\d[2-9]\d{6}", national):
        return PhoneCheck(None, "a North American number has ten digits, area code and "
                                "exchange not starting with 0 or 1")
    return PhoneCheck("+" + digits)
