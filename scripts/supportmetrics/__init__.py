"""supportmetrics: measure AI customer support from canonical helpdesk exports.

The Python glue around the dbt project: demo data generation, loading raw files into the
warehouse, raw validation, running dbt, and reporting.
"""

__version__ = "0.1.0"
