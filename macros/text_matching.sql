{#- Regular expressions, behind adapter.dispatch: every engine spells them differently.
    Patterns are POSIX-style and avoid backslashes ([.] not \., [$] not \$) so that they mean the
    same in RE2 (DuckDB), PostgreSQL ARE and Java (Spark) without escaping rules. Used only by
    int_message_text_signals, the one model that reads message text. -#}

{#- Does `expression` match `pattern` anywhere? (boolean; null when expression is null) -#}
{% macro regexp_contains(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_contains', 'supportmetrics')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regexp_contains(expression, pattern) -%}
    regexp_like({{ expression }}, {{ pattern }})
{%- endmacro %}

{% macro duckdb__regexp_contains(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ pattern }})
{%- endmacro %}

{% macro postgres__regexp_contains(expression, pattern) -%}
    ({{ expression }} ~ {{ pattern }})
{%- endmacro %}

{% macro spark__regexp_contains(expression, pattern) -%}
    ({{ expression }} rlike {{ pattern }})
{%- endmacro %}

{#- The first capture group of the first match of `pattern` in `expression`; null when there is
    no match. -#}
{% macro regexp_first_group(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_first_group', 'supportmetrics')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regexp_first_group(expression, pattern) -%}
    nullif(regexp_extract({{ expression }}, {{ pattern }}, 1), '')
{%- endmacro %}

{% macro duckdb__regexp_first_group(expression, pattern) -%}
    nullif(regexp_extract({{ expression }}, {{ pattern }}, 1), '')
{%- endmacro %}

{% macro postgres__regexp_first_group(expression, pattern) -%}
    (regexp_match({{ expression }}, {{ pattern }}))[1]
{%- endmacro %}

{#- A US-dollar amount written in `expression` (lower-cased text): the first "$1,250.00" /
    "$ 750" style amount, else the first "750 usd" / "750 dollars" style amount; commas are
    thousands separators. Null when the text names no dollar amount. -#}
{% macro usd_amount_in_text(expression) -%}
    {%- set prefixed = supportmetrics.regexp_first_group(expression, "'[$] *([0-9][0-9,]*([.][0-9]+)?)'") -%}
    {%- set suffixed = supportmetrics.regexp_first_group(expression, "'([0-9][0-9,]*([.][0-9]+)?) *(usd|dollars?)'") -%}
    {{ supportmetrics.parse_number(dbt.replace('coalesce(' ~ prefixed ~ ', ' ~ suffixed ~ ')', "','", "''")) }}
{%- endmacro %}
