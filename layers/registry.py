"""The layer registry's loader lives in the engine: :mod:`geo.registry` (re-exported here).

``layers/registry.toml`` stays in this folder, beside the layers it declares; the engine
reads it as data so that geo/ imports nothing from layers/.
"""
from geo.registry import (
                          REGISTRY_PATH,
                          REQUIRED_KEYS,
                          STYLE_KEYS,
                          LayerEntry,
                          Registry,
                          RegistryError,
                          StatusClass,
                          load_registry,
                          parse_registry,
)

__all__ = ["RegistryError", "LayerEntry", "StatusClass", "Registry", "REQUIRED_KEYS",
           "STYLE_KEYS", "load_registry", "parse_registry", "REGISTRY_PATH"]
