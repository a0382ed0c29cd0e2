"""regimes groundwater."""
