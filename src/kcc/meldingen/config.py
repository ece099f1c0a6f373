"""The effective configuration: the beheerder's settings row, with defaults where it is absent."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from kcc.meldingen.models import MeldingenConfig

# West, south, east, north (GeoJSON bbox order) of the demo municipality.
DEFAULT_BBOX = (4.35, 51.85, 4.60, 52.00)


@dataclass(frozen=True)
class BoundingBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


def get_config() -> MeldingenConfig:
    """The saved settings, or an unsaved row with the defaults (reading never writes)."""
    return MeldingenConfig.objects.filter(pk=1).first() or MeldingenConfig(pk=1)


def bounding_box(config: MeldingenConfig) -> BoundingBox:
    """The municipality's bounding box: the beheerder's, else KCC_MUNICIPALITY_BBOX, else the demo's.

    KCC_MUNICIPALITY_BBOX is "west,south,east,north" in degrees, e.g. "4.35,51.85,4.60,52.00".
    """
    own = (config.min_lon, config.min_lat, config.max_lon, config.max_lat)
    if all(value is not None for value in own):
        return BoundingBox(*own)
    raw = settings.KCC_MUNICIPALITY_BBOX
    if raw:
        values = [float(part) for part in raw.split(",")]
        if len(values) != 4:
            raise ValueError("KCC_MUNICIPALITY_BBOX needs four numbers: west,south,east,north")
        return BoundingBox(*values)
    return BoundingBox(*DEFAULT_BBOX)
