"""A user's own layer, read safely: one entry point, ``read_upload``, for every format.

``read`` is the entry point and its report; ``readers`` detects the format and reads CSV,
``geojson`` and ``gdal`` read the others; ``limits`` refuses oversized or hostile files before
anything is parsed whole; ``clean`` reprojects, repairs and caps what was read; ``raw`` is the
shape the readers hand to the cleaner. No Streamlit here: ``dashboard/views/upload.py`` draws
the uploader.
"""

from dashboard.upload.read import (
    DEFAULT_LIMITS,
    UploadLimits,
    UploadReport,
    UploadResult,
    export_geojson,
    layer_name_from,
    read_upload,
)

__all__ = [
    "DEFAULT_LIMITS",
    "UploadLimits",
    "UploadReport",
    "UploadResult",
    "export_geojson",
    "layer_name_from",
    "read_upload",
]
