"""Figures for the people who oversee the work (auditors now; the strategic group's measures of
DOMAIN §8 next). Reporting reads models and selectors only, never services or workflows
(import-linter: decision 0012), so its figures can be computed in the database or a replica."""
