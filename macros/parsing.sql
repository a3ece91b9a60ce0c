{#- Parsing raw text into typed values. Raw tables hold text; these macros return NULL
    for values that cannot be parsed, so the validation rules can quarantine them. -#}

{#- Timestamps: ISO-8601 with or without a UTC offset ('Z', '+02:00'), space or 'T' separator,
    plus common export formats (US 'MM/DD/YYYY HH:MI[:SS]', epoch seconds). Result: naive UTC. -#}
{% macro parse_timestamp(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'supportmetrics')(expr)) }}
{%- endmacro %}

{% macro default__parse_timestamp(expr) -%}
    cast(nullif(trim({{ expr }}), '') as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__parse_timestamp(expr) -%}
    {#- the ICU time-zone cast is slow: only values ending in an offset take it -#}
    case
        when regexp_matches({{ expr }}, '(Z|[+-][0-9]{2}(:?[0-9]{2})?)\s*$')
            then try_cast(try_cast(trim({{ expr }}) as timestamptz) at time zone 'UTC' as timestamp)
        else coalesce(
            try_cast(nullif(trim({{ expr }}), '') as timestamp),
            try_strptime(trim({{ expr }}), ['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%Y/%m/%d %H:%M:%S', '%d.%m.%Y %H:%M:%S']),
            case
                when regexp_full_match(trim({{ expr }}), '[0-9]{9,10}')
                    then cast(to_timestamp(cast(trim({{ expr }}) as bigint)) at time zone 'UTC' as timestamp)
            end
        )
    end
{%- endmacro %}

{% macro postgres__parse_timestamp(expr) -%}
    case
        when trim({{ expr }}) ~ '^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$'
            then cast(cast(trim({{ expr }}) as timestamptz) at time zone 'UTC' as timestamp)
        when trim({{ expr }}) ~ '^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(:\d{2})?$'
            then to_timestamp(trim({{ expr }}), 'MM/DD/YYYY HH24:MI:SS')::timestamp
        when trim({{ expr }}) ~ '^\d{9,10}$'
            then cast(to_timestamp(cast(trim({{ expr }}) as bigint)) at time zone 'UTC' as timestamp)
    end
{%- endmacro %}

{#- Spark: a plain cast handles ISO-8601 (offsets converted to the session time zone, UTC in the
    profile); the export formats go through to_timestamp, guarded by a regex so that bad text is
    NULL (never a parser error). Same results as the DuckDB variant on every format above. -#}
{% macro spark__parse_timestamp(expr) -%}
    case
        when trim({{ expr }}) rlike '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?| UTC)?$'
            then cast(trim({{ expr }}) as timestamp)
        when trim({{ expr }}) rlike '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}:[0-9]{2}$'
            then to_timestamp(trim({{ expr }}), 'M/d/yyyy H:m:s')
        when trim({{ expr }}) rlike '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}$'
            then to_timestamp(trim({{ expr }}), 'M/d/yyyy H:m')
        when trim({{ expr }}) rlike '^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2} [0-9]{1,2}:[0-9]{2}:[0-9]{2}$'
            then to_timestamp(trim({{ expr }}), 'yyyy/M/d H:m:s')
        when trim({{ expr }}) rlike '^[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4} [0-9]{1,2}:[0-9]{2}:[0-9]{2}$'
            then to_timestamp(trim({{ expr }}), 'd.M.yyyy H:m:s')
        when trim({{ expr }}) rlike '^[0-9]{9,10}$'
            then timestamp_seconds(cast(trim({{ expr }}) as bigint))
    end
{%- endmacro %}

{% macro parse_date(expr) -%}
    cast({{ supportmetrics.parse_timestamp(expr) }} as date)
{%- endmacro %}

{% macro parse_number(expr) -%}
    {{ return(adapter.dispatch('parse_number', 'supportmetrics')(expr)) }}
{%- endmacro %}

{% macro default__parse_number(expr) -%}
    {{ dbt.safe_cast("nullif(trim(" ~ expr ~ "), '')", supportmetrics.type_double()) }}
{%- endmacro %}

{#- dbt.safe_cast is a plain cast on DuckDB (it raises on bad text): use try_cast. -#}
{% macro duckdb__parse_number(expr) -%}
    try_cast(nullif(trim({{ expr }}), '') as {{ supportmetrics.type_double() }})
{%- endmacro %}

{% macro postgres__parse_number(expr) -%}
    case
        when trim({{ expr }}) ~ '^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$'
            then cast(trim({{ expr }}) as {{ supportmetrics.type_double() }})
    end
{%- endmacro %}

{#- Spark's cast also accepts Java suffixes ('1d', '2f'): only plain decimal numbers parse. -#}
{% macro spark__parse_number(expr) -%}
    case
        when trim({{ expr }}) rlike '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
            then cast(trim({{ expr }}) as {{ supportmetrics.type_double() }})
    end
{%- endmacro %}

{#- Integers: a number with no fractional part ('4' and '4.0' parse, '4.5' does not). -#}
{% macro parse_integer(expr) -%}
    case
        when {{ supportmetrics.parse_number(expr) }} = floor({{ supportmetrics.parse_number(expr) }})
            then cast({{ supportmetrics.parse_number(expr) }} as {{ dbt.type_int() }})
    end
{%- endmacro %}

{% macro parse_boolean(expr) -%}
    case
        when lower(trim({{ expr }})) in ('true', 't', '1', 'yes', 'y') then true
        when lower(trim({{ expr }})) in ('false', 'f', '0', 'no', 'n') then false
    end
{%- endmacro %}

{#- Enumerations: case-insensitive match on a canonical value or a declared vendor alias;
    NULL when the value cannot be mapped (the row is then quarantined as unknown_enum). -#}
{% macro parse_enum(expr, values, aliases={}) -%}
    case lower(trim({{ expr }}))
        {%- for value in values %}
        when '{{ value | lower }}' then '{{ value }}'
        {%- endfor %}
        {%- for alias, value in aliases.items() %}
        when '{{ alias | lower }}' then '{{ value }}'
        {%- endfor %}
    end
{%- endmacro %}

{% macro parse_string(expr) -%}
    nullif(trim({{ expr }}), '')
{%- endmacro %}

{#- Parse one contract column by its declared meta.type. -#}
{% macro parse_column(expr, meta) -%}
    {%- set kind = meta.get('type', 'string') -%}
    {%- if meta.get('enum') -%}{{ supportmetrics.parse_enum(expr, meta['enum'], meta.get('aliases', {})) }}
    {%- elif kind == 'timestamp' -%}{{ supportmetrics.parse_timestamp(expr) }}
    {%- elif kind == 'date' -%}{{ supportmetrics.parse_date(expr) }}
    {%- elif kind == 'number' -%}{{ supportmetrics.parse_number(expr) }}
    {%- elif kind == 'integer' -%}{{ supportmetrics.parse_integer(expr) }}
    {%- elif kind == 'boolean' -%}{{ supportmetrics.parse_boolean(expr) }}
    {%- else -%}{{ supportmetrics.parse_string(expr) }}
    {%- endif -%}
{%- endmacro %}

{#- 64-bit floating point (supportmetrics.type_double() is 32-bit on DuckDB). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'supportmetrics')()) }}
{%- endmacro %}

{% macro default__type_double() -%}double precision{%- endmacro %}

{% macro duckdb__type_double() -%}double{%- endmacro %}

{% macro spark__type_double() -%}double{%- endmacro %}

{#- Source freshness over a raw table's cursor (table meta.cursor), parsed exactly as staging
    parses it (raw columns are text in mixed formats, so a plain cast would fail). Timestamps
    beyond the future tolerance are ignored: they are quarantined in staging and must not make
    a stale table look fresh. An empty optional table (not provided) has nothing to be stale and
    reports as fresh; an empty required table reports no timestamp, which dbt treats as stale.
    Used as the helpdesk source's `loaded_at_query`; `this` and `source_node` come from dbt's
    source-freshness context. -#}
{% macro cursor_freshness_query(relation, source_node) -%}
    {%- set cursor = source_node.meta.get('cursor') -%}
    {%- set now = 'cast(' ~ dbt.current_timestamp() ~ ' as ' ~ dbt.type_timestamp() ~ ')' -%}
    select coalesce(max(cursor_at), {{ 'null' if source_node.meta.get('required_table') else now }}) as max_cursor_at
    from (
        select {{ supportmetrics.parse_timestamp(adapter.quote(cursor)) }} as cursor_at
        from {{ relation }}
    ) as parsed
    where cursor_at <= {{ dbt.dateadd('hour', var('future_tolerance_hours'), now) }}
{%- endmacro %}
