"""Common base of rehab's pydantic models.

:class:`RehabModel` forbids unknown fields, validates on assignment and turns
pydantic's ``ValidationError`` into :class:`rehab.errors.ModelValidationError`
(a ``ValueError`` and a ``RehabError``) whose message names each bad field,
its value, the unit and what is allowed.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import ModelValidationError

__all__ = ["RehabModel"]


class RehabModel(BaseModel):
    """Base class: strict, immutable fields, helpful errors, JSON round trip.

    Models are frozen: change one with :meth:`copy_with` (validated) so that
    derived values cached on a model can never go stale.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        ser_json_inf_nan="strings",
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise ModelValidationError(type(self).__name__, exc.errors(include_url=False)) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise ModelValidationError(cls.__name__, exc.errors(include_url=False)) from None

    @classmethod
    def model_validate_json(cls, json_data: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as exc:
            raise ModelValidationError(cls.__name__, exc.errors(include_url=False)) from None

    def copy_with(self, **changes: Any) -> Self:
        """A validated copy with some fields changed (the original is untouched)."""
        data = self.model_dump()
        data.update(changes)
        return type(self).model_validate(data)

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise ModelValidationError(type(self).__name__, exc.errors(include_url=False)) from None
