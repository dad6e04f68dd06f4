"""Validation rules of the accounts schema: at most one ``login`` field in a document.

Aliases would otherwise let one request try thirty passwords (``a: login(...) b: login(...)``),
each costing an argon2 check. The rule runs during validation, so a refused document runs nothing.
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLError, ValidationRule
from strawberry.extensions import AddValidationRules

LOGIN_FIELD = "login"


class _OneLoginRule(ValidationRule):
    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.seen = 0

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        parent = self.context.get_parent_type()
        mutation = self.context.schema.mutation_type
        if node.name.value != LOGIN_FIELD or mutation is None or parent is not mutation:
            return
        self.seen += 1
        if self.seen == 2:
            self.report_error(
                GraphQLError(
                    "A document may contain the 'login' mutation only once (aliases included).", nodes=[node]
                )
            )


class OneLoginPerDocument(AddValidationRules):
    """Refuse a document that selects ``login`` more than once, before anything runs."""

    def __init__(self) -> None:
        super().__init__([_OneLoginRule])
