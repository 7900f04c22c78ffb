"""Who may see and do what in the workspace. Pure.

A clerk reads and acts on the results of the units in scope; an auditor reads everything in
scope and acts on nothing; an admin manages users and acts everywhere. A user's scope is one
unit code and the units under it (a province's clerk sees its communes), or everything when
the user has no unit.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    AUDITOR = "auditor"
    ADMIN = "admin"


#: Vietnamese labels shown beside the role
ROLE_LABELS = {Role.CLERK: "Cán bộ một cửa (clerk)", Role.AUDITOR: "Kiểm tra viên (auditor)",
               Role.ADMIN: "Quản trị (admin)"}

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 10


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    unit: str = ""          # "" = every unit

    @property
    def may_act(self) -> bool:
        """Whether this user may change anything at all (an auditor never does)."""
        return self.role in (Role.CLERK, Role.ADMIN)


def check_name(name: str) -> str | None:
    """Why a user name is not acceptable (None when it is): lower-case letters, digits, '.',
    '_' or '-', 2 to 40 characters."""
    if not _NAME.match(name or ""):
        return ("a user name is 2-40 characters: lower-case letters, digits, '.', '_', '-' "
                "(no spaces, no marks)")
    return None


def check_password(password: str) -> str | None:
    """Why a password is not acceptable (None when it is)."""
    if len(password or "") < MIN_PASSWORD:
        return f"a password has at least {MIN_PASSWORD} characters"
    return None


def may_read(user: User, unit_code: str | None, in_scope: Collection[str] | None) -> bool:
    """Whether the user may see a document of this unit (``in_scope``: the units the user
    answers for, pipeline.units.scope; None: all). A document matched to no result (``None``)
    belongs to no unit yet: everyone at the desk sees the queue of them (matching one to a
    result outside one's scope is refused)."""
    return unit_code is None or in_scope is None or unit_code in in_scope


def may_change(user: User, unit_code: str | None, in_scope: Collection[str] | None) -> bool:
    """Whether the user may correct, match or confirm a document of this unit (``None``: a
    document matched to no result yet). An auditor never may."""
    return user.may_act and (user.role == Role.ADMIN or may_read(user, unit_code, in_scope))


@dataclass(frozen=True)
class Account:
    """A user as the catalogue keeps it (the password only as its argon2 hash)."""

    user: User
    password_hash: str
    disabled: bool = False
    has_token: bool = False
