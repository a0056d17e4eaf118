"""Layered constructions: Layer, AirLayer, ResistanceLayer and Construction.

Layers are listed from the **outside to the inside** (as EnergyPlus does).
A layer may be *inhomogeneous* — e.g. insulation between timber joists —
by naming a bridging material and its area fraction; the construction's
resistance then follows the upper/lower-limit method of ISO 6946:2017 6.7.2.

Examples
--------
>>> from rehab.constructions import Construction, Layer
>>> wall = Construction(name="brick 22 + lime plaster", layers=[
...     Layer(material="brick_solid_old", thickness="22 cm"),
...     Layer(material="plaster_lime", thickness="15 mm")])
>>> round(wall.u_value("horizontal"), 3)
2.536
>>> wall.insulation_side
'none'
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from . import envelope
from ._base import RehabModel
from .materials import Material
from .materials import get as get_material
from .units import quantity_type

__all__ = ["AirLayer", "Bridge", "Construction", "Layer", "ResistanceLayer"]

Thickness = quantity_type("m", ge=1e-5, le=5, description="layer thickness")
Resistance = quantity_type("m**2*K/W", ge=0, le=100, description="thermal resistance")

#: Categories treated as structural mass when deciding the insulation side.
_STRUCTURAL = {"masonry", "concrete", "stone"}


def _resolve(material: str | Material) -> Material:
    return get_material(material) if isinstance(material, str) else material


class Bridge(RehabModel):
    """A bridging material inside an inhomogeneous layer (joists, studs).

    Parameters
    ----------
    material : str or Material
        Catalogue id or a Material.
    fraction : float
        Area fraction of the bridging material [-], 0 < f < 1.
    """

    material: str | Material
    fraction: float = Field(gt=0, lt=1, description="area fraction of the bridging material [-]")

    @field_validator("material")
    @classmethod
    def _known(cls, v: str | Material) -> str | Material:
        _resolve(v)
        return v


class Layer(RehabModel):
    """A solid layer of one material, optionally bridged (ISO 6946:2017 6.7.2).

    Parameters
    ----------
    material : str or Material
        Catalogue id (see :func:`rehab.materials.ids`) or a Material.
    thickness : float or str
        Thickness [m], e.g. ``0.22`` or ``"22 cm"``.
    bridge : Bridge, optional
        Bridging material and fraction (joists, studs).
    """

    kind: Literal["solid"] = "solid"
    material: str | Material
    thickness: Thickness
    bridge: Bridge | None = None

    @field_validator("material")
    @classmethod
    def _known(cls, v: str | Material) -> str | Material:
        _resolve(v)  # raises UnknownNameError with suggestions
        return v

    @property
    def mat(self) -> Material:
        """The resolved Material."""
        return _resolve(self.material)


class AirLayer(RehabModel):
    """An air layer (cavity) of ISO 6946:2017 6.9.

    Parameters
    ----------
    thickness : float or str
        Thickness [m] (≤ 0.3 m).
    ventilation : {"unventilated", "slightly", "well"}
        6.9.2–6.9.4: ≤ 500, 500–1500, > 1500 mm² of openings per m (or m²).
        A well-ventilated layer and everything outside it are ignored, and the
        external surface resistance becomes Rsi (6.9.4).
    opening_area : float
        Opening area [mm²/m], for "slightly" ventilated layers.
    emissivity : float
        Emissivity of the bounding surfaces (0.9 ordinary, ~0.05 foil).
    """

    kind: Literal["air"] = "air"
    thickness: quantity_type("m", ge=1e-3, le=0.3, description="air layer thickness")
    ventilation: Literal["unventilated", "slightly", "well"] = "unventilated"
    opening_area: float = Field(1000.0, ge=500, le=1500)
    emissivity: float = Field(0.9, gt=0, le=1)


class ResistanceLayer(RehabModel):
    """A layer given only by its thermal resistance (no mass), e.g. a membrane
    or BESTEST's R = 25 floor insulation.

    Parameters
    ----------
    resistance : float or str
        R [m²·K/W].
    name : str
        Label.
    """

    kind: Literal["resistance"] = "resistance"
    resistance: Resistance
    name: str = "no-mass layer"


def _layer_kind(v: Any) -> str:
    if isinstance(v, dict):
        if "kind" in v:
            return v["kind"]
        if "resistance" in v and "material" not in v:
            return "resistance"
        return "solid"
    return getattr(v, "kind", "solid")


AnyLayer = Annotated[
    Annotated[Layer, Tag("solid")] | Annotated[AirLayer, Tag("air")] | Annotated[ResistanceLayer, Tag("resistance")],
    Discriminator(_layer_kind),
]


class Construction(RehabModel):
    """A layered construction, layers listed from the outside to the inside.

    Parameters
    ----------
    name : str
        Label.
    layers : list of Layer, AirLayer, ResistanceLayer
        Outside → inside; at least one.
    """

    name: str = "construction"
    layers: list[AnyLayer] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Construction:
        fractions = {round(ly.bridge.fraction, 9) for ly in self.layers if isinstance(ly, Layer) and ly.bridge}
        if len(fractions) > 2:
            raise ValueError(
                "at most two different bridge fractions are supported in one construction "
                f"(got {sorted(fractions)})"
            )
        return self

    # ------------------------------------------------------------------ physics
    def _active_layers(self) -> tuple[list, bool]:
        """Layers inside the innermost well-ventilated air layer (ISO 6946 6.9.4)."""
        idx = [i for i, ly in enumerate(self.layers) if isinstance(ly, AirLayer) and ly.ventilation == "well"]
        if not idx:
            return list(self.layers), False
        return list(self.layers[idx[-1] + 1 :]), True

    def _sections(self, direction: str) -> tuple[np.ndarray, np.ndarray]:
        """Section resistances (n_sections, n_layers) and fractions (ISO 6946 6.7.2)."""
        layers, _ = self._active_layers()
        bridged = [ly for ly in layers if isinstance(ly, Layer) and ly.bridge is not None]
        fracs = sorted({ly.bridge.fraction for ly in bridged})
        # each distinct fraction is an independent bridging pattern: 2**k sections
        combos = list(itertools.product([False, True], repeat=len(fracs)))
        rows, weights = [], []
        for combo in combos:
            w = 1.0
            for f, on in zip(fracs, combo, strict=True):
                w *= f if on else (1.0 - f)
            row = []
            for ly in layers:
                if isinstance(ly, Layer):
                    mat = ly.mat
                    if ly.bridge is not None and combo[fracs.index(ly.bridge.fraction)]:
                        mat = _resolve(ly.bridge.material)
                    row.append(ly.thickness / mat.conductivity)
                elif isinstance(ly, AirLayer):
                    row.append(float(envelope.air_layer_resistance(ly.thickness, direction, ly.emissivity, ly.emissivity)))
                else:
                    row.append(ly.resistance)
            rows.append(row)
            weights.append(w)
        return np.array(rows, dtype=float), np.array(weights, dtype=float)

    def total_resistance(self, direction: str = "horizontal", rse: float | None = None) -> float:
        """Total thermal resistance R_T [m²·K/W] (ISO 6946:2017 6.7).

        Parameters
        ----------
        direction : {"up", "horizontal", "down"}
            Heat-flow direction.
        rse : float, optional
            External surface resistance [m²·K/W]; default 0.04 towards outdoor
            air; pass Rsi for an element facing an unheated space or a
            crawlspace. A well-ventilated air layer forces Rse = Rsi.

        Returns
        -------
        float
        """
        rsi = envelope.RSI[envelope.check_direction(direction)]
        _, ventilated = self._active_layers()
        if ventilated:
            rse = rsi
        elif rse is None:
            rse = envelope.RSE
        r, f = self._sections(direction)
        if r.shape[0] == 1:
            total = rsi + r.sum() + rse
        else:
            total, _, _ = envelope.inhomogeneous_total_resistance(r, f, rsi, rse)
        total = float(total)
        slight = [ly for ly in self.layers if isinstance(ly, AirLayer) and ly.ventilation == "slightly"]
        if slight and not ventilated:
            # ISO 6946:2017 6.9.3: interpolate with the well-ventilated case
            outer = max(i for i, ly in enumerate(self.layers) if ly is slight[-1])
            inner = Construction(name=self.name, layers=self.layers[outer + 1 :]) if outer + 1 < len(self.layers) else None
            r_v = inner.total_resistance(direction, rse=rsi) if inner else rsi + rsi
            total = float(envelope.slightly_ventilated_air_layer_resistance(total, r_v, slight[-1].opening_area))
        return total

    def u_value(self, direction: str = "horizontal", rse: float | None = None) -> float:
        """Thermal transmittance U [W/(m²·K)] (ISO 6946:2017 6.10)."""
        return float(envelope.u_value(self.total_resistance(direction, rse)))

    def areal_heat_capacity(self, side: Literal["inside", "outside"] = "inside") -> float:
        """Areal heat capacity κ of one face [J/(m²·K)] (ISO 13786 effective thickness).

        Bridged layers use area-weighted ρ·c. No-mass and air layers count 0;
        a no-mass layer of R ≥ 0.5 m²·K/W counts as an insulating layer of
        the thickness it would have at λ = 0.04 W/(m·K) (so that the
        half-thickness rule sees the layers behind it as the other half).
        """
        layers = list(self.layers)
        if side == "inside":
            layers = layers[::-1]
        d, rho_c, ins = [], [], []
        for ly in layers:
            if isinstance(ly, Layer):
                m = ly.mat
                rc = m.density * m.specific_heat
                if ly.bridge is not None:
                    b = _resolve(ly.bridge.material)
                    rc = (1 - ly.bridge.fraction) * rc + ly.bridge.fraction * b.density * b.specific_heat
                d.append(ly.thickness)
                rho_c.append(rc)
                ins.append(m.insulation)
            elif isinstance(ly, AirLayer):
                d.append(ly.thickness)
                rho_c.append(0.0)
                ins.append(False)
            else:
                d.append(ly.resistance * 0.04)
                rho_c.append(0.0)
                ins.append(ly.resistance >= 0.5)
        return float(envelope.areal_heat_capacity(d, rho_c, np.ones(len(d)), ins))

    @property
    def thickness(self) -> float:
        """Total thickness [m]."""
        return float(sum(getattr(ly, "thickness", 0.0) for ly in self.layers))

    @property
    def insulation_side(self) -> Literal["none", "internal", "external", "both", "distributed"]:
        """Where the insulation sits relative to the structural mass.

        "none" (no insulating layer), "internal" (ITI), "external" (ITE), "both",
        or "distributed" (no masonry: frame or timber construction).
        Drives the default thermal-bridge values.
        """
        mats = [(i, ly.mat) for i, ly in enumerate(self.layers) if isinstance(ly, Layer)]
        ins = [i for i, m in mats if m.insulation]
        if not ins:
            return "none"
        struct = [i for i, m in mats if m.category in _STRUCTURAL]
        if not struct:
            return "distributed"
        outside = any(i < min(struct) for i in ins)
        inside = any(i > max(struct) for i in ins)
        if outside and inside:
            return "both"
        if outside:
            return "external"
        if inside:
            return "internal"
        return "distributed"

    @property
    def insulation_resistance(self) -> float:
        """Sum of d/λ of insulating layers [m²·K/W] (bridges ignored)."""
        return float(
            sum(ly.thickness / ly.mat.conductivity for ly in self.layers if isinstance(ly, Layer) and ly.mat.insulation)
        )

    def vapour_sd(self) -> list[float]:
        """Equivalent air-layer thickness s_d = μ·d of each layer [m], outside → inside."""
        out = []
        for ly in self.layers:
            if isinstance(ly, Layer):
                out.append(ly.mat.mu * ly.thickness)
            elif isinstance(ly, AirLayer):
                out.append(ly.thickness)
            else:
                out.append(0.0)
        return out

    def with_layer(self, layer: Layer | AirLayer | ResistanceLayer, side: Literal["inside", "outside"]) -> Construction:
        """A copy with one more layer on the inside or outside face."""
        layers = [*self.layers, layer] if side == "inside" else [layer, *self.layers]
        return Construction(name=self.name, layers=layers)
