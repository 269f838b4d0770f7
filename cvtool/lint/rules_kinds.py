"""Rules for the kinds of entry beyond jobs and papers: certificates that have expired,
amounts without a currency, patents that do not name their owner among the inventors."""

from __future__ import annotations

from collections.abc import Iterator

from cvtool.errors import Diagnostic, Severity
from cvtool.lint.context import Context, entry_name
from cvtool.lint.registry import rule
from cvtool.names import OwnerNames
from cvtool.schema import kinds as k


@rule("CV421", "expired-certification", Severity.WARNING,
      "a certification whose `expires:` date has passed")
def check_expired(ctx: Context) -> Iterator[Diagnostic]:
    today = (ctx.today.year, ctx.today.month, ctx.today.day)
    for _key, entry, path in ctx.entries(frozenset({"certification"})):
        if isinstance(entry, k.Certification) and entry.expires is not None \
                and entry.expires.upper_key() < today:
            yield ctx.diagnostic(
                "CV421", f"`{entry_name(entry)}` expired in {entry.expires}",
                (*path, "expires"), "renew it and give the new date, or leave it out")


@rule("CV422", "amount-without-currency", Severity.WARNING,
      "an award's or grant's amount gives no currency ($, €, USD, ...)")
def check_currency(ctx: Context) -> Iterator[Diagnostic]:
    for _key, entry, path in ctx.entries(frozenset({"award", "grant"})):
        amount = getattr(entry, "amount", None)
        if isinstance(entry, k.Award | k.Grant) and amount and not k.has_currency(amount):
            yield ctx.diagnostic(
                "CV422", f"the amount {amount} of `{entry_name(entry)}` has no currency",
                (*path, "amount"), "write it with its currency, e.g. `USD 500,000` or `€50,000`")


@rule("CV423", "owner-not-inventor", Severity.WARNING,
      "the CV's owner (name or an alias) is not among a patent's inventors")
def check_inventors(ctx: Context) -> Iterator[Diagnostic]:
    owner = OwnerNames((ctx.cv.name, *ctx.cv.aliases))
    for _key, entry, path in ctx.entries(frozenset({"patent"})):
        if isinstance(entry, k.Patent) and entry.inventors \
                and not any(name in owner for name in entry.inventors):
            yield ctx.diagnostic(
                "CV423", f"{ctx.cv.name} is not among the inventors of `{entry_name(entry)}`",
                (*path, "inventors"), "add the way the patent writes your name to `aliases:`")


RULES = (check_expired, check_currency, check_inventors)
