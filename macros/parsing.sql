{#- Parsing raw text into typed values. Raw tables hold text; these macros return NULL
    for values that cannot be parsed, so the validation rules can quarantine them. -#}

{#- Placeholder tokens: an export's way of writing "no value" (var null_tokens, compared
    case-insensitively after trimming) and whitespace-only text are null in every column. Every
    contract column is read through this macro before it is parsed or checked. One exception:
    a token the column's contract declares as a value or an alias (escalation_assessment maps
    'n/a' to not_applicable) keeps that declared meaning in that column. -#}
{% macro null_if_placeholder(expr, meta={}) -%}
    {%- set declared = [] -%}
    {%- for value in (meta.get('enum') or []) | list + (meta.get('aliases') or {}).keys() | list -%}
        {%- do declared.append(value | string | lower) -%}
    {%- endfor -%}
    {%- set tokens = [] -%}
    {%- set ns = namespace(longest=0) -%}
    {%- for token in var('null_tokens') if (token | lower) not in declared -%}
        {%- do tokens.append("'" ~ (token | lower | replace("'", "''")) ~ "'") -%}
        {%- set ns.longest = [ns.longest, token | length] | max -%}
    {%- endfor -%}
    {%- set stripped = supportmetrics.strip_whitespace(expr) -%}
    {#- the length guard spares lowering long text (message bodies): lowercase never has fewer
        characters than its input, so only text as short as the longest token can equal one -#}
    case
        when {{ stripped }} = '' then null
        {%- if tokens %}
        when {{ dbt.length(stripped) }} <= {{ ns.longest }} and lower({{ stripped }}) in ({{ tokens | join(', ') }}) then null
        {%- endif %}
        else {{ expr }}
    end
{%- endmacro %}

{#- Text without leading and trailing spaces, tabs, carriage returns and line feeds. -#}
{% macro strip_whitespace(expr) -%}
    {{ return(adapter.dispatch('strip_whitespace', 'supportmetrics')(expr)) }}
{%- endmacro %}

{% macro default__strip_whitespace(expr) -%}
    trim(both ' ' || chr(9) || chr(10) || chr(13) from {{ expr }})
{%- endmacro %}

{% macro duckdb__strip_whitespace(expr) -%}
    trim({{ expr }}, ' ' || chr(9) || chr(10) || chr(13))
{%- endmacro %}

{#- Timestamps: ISO-8601 with or without a UTC offset ('Z', '+02:00'), space or 'T' separator,
    plus the export formats of var timestamp_formats (strptime codes, read by validate.py too)
    and epoch seconds. Result: naive UTC. A date alone is midnight UTC.
    Zone names are never dropped: a region name from the IANA database ('2026-02-01 09:00
    America/New_York', 'Europe/Berlin') is converted to UTC, as are 'UTC' and 'GMT'; an
    abbreviation or a GMT offset ('CET', 'EST', 'GMT+2': ambiguous, and GMT+2 means UTC-2 in
    POSIX) or an unknown region gives NULL, which the base models quarantine as
    timestamp_zone_unsupported (macro timestamp_has_zone_name). -#}
{% macro parse_timestamp(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'supportmetrics')(expr)) }}
{%- endmacro %}

{#- The zone-name patterns of var timestamp_zone_patterns (name, region, utc), as SQL literals. -#}
{% macro timestamp_zone_pattern(kind) -%}'{{ var('timestamp_zone_patterns')[kind] }}'{%- endmacro %}

{#- Does the text end in a zone name (letters after the time, other than a UTC offset)? -#}
{% macro timestamp_has_zone_name(expr) -%}
    {{ supportmetrics.regexp_contains(expr, supportmetrics.timestamp_zone_pattern('name')) }}
{%- endmacro %}

{% macro default__parse_timestamp(expr) -%}
    case
        when not {{ supportmetrics.timestamp_has_zone_name(expr) }}
            then cast(nullif(trim({{ expr }}), '') as {{ dbt.type_timestamp() }})
    end
{%- endmacro %}

{% macro duckdb__parse_timestamp(expr) -%}
    {#- the ICU time-zone cast is slow: only values ending in an offset or a zone name take it.
        The common shape first: ISO date and time without a zone (no zone pattern below can match
        it, so the plain cast is what the branches below would give), one match instead of five. -#}
    case
        when regexp_full_match({{ expr }}, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?')
            then try_cast({{ expr }} as timestamp)
        when regexp_matches({{ expr }}, {{ supportmetrics.timestamp_zone_pattern('utc') }})
            or regexp_matches({{ expr }}, {{ supportmetrics.timestamp_zone_pattern('region') }})
            then try_cast(try_cast(trim({{ expr }}) as timestamptz) at time zone 'UTC' as timestamp)
        when regexp_matches({{ expr }}, {{ supportmetrics.timestamp_zone_pattern('name') }})
            then null
        when regexp_matches({{ expr }}, '(Z|[+-][0-9]{2}(:?[0-9]{2})?)\s*$')
            then try_cast(try_cast(trim({{ expr }}) as timestamptz) at time zone 'UTC' as timestamp)
        else coalesce(
            try_cast(nullif(trim({{ expr }}), '') as timestamp),
            try_strptime(trim({{ expr }}), [{% for fmt in var('timestamp_formats') %}'{{ fmt }}'{% if not loop.last %}, {% endif %}{% endfor %}]),
            case
                when regexp_full_match(trim({{ expr }}), '[0-9]{9,10}')
                    then cast(to_timestamp(cast(trim({{ expr }}) as bigint)) at time zone 'UTC' as timestamp)
            end
        )
    end
{%- endmacro %}

{#- var timestamp_formats translated for the other engines: a regex guarding each format (so
    bad text is NULL, never a parser error) and the engine's own format string. -#}
{% macro timestamp_format_regex(fmt) -%}
    {%- set codes = {'%m': '[0-9]{1,2}', '%d': '[0-9]{1,2}', '%H': '[0-9]{1,2}', '%Y': '[0-9]{4}', '%M': '[0-9]{2}', '%S': '[0-9]{2}'} -%}
    {%- set ns = namespace(out=fmt | replace('.', '[.]')) -%}
    {%- for code, pattern in codes.items() -%}
        {%- set ns.out = ns.out | replace(code, pattern) -%}
    {%- endfor -%}
    {{ return('^' ~ ns.out ~ '$') }}
{%- endmacro %}

{% macro timestamp_format_for(fmt, codes) -%}
    {%- set ns = namespace(out=fmt) -%}
    {%- for code, pattern in codes.items() -%}
        {%- set ns.out = ns.out | replace(code, pattern) -%}
    {%- endfor -%}
    {{ return(ns.out) }}
{%- endmacro %}

{% macro postgres__parse_timestamp(expr) -%}
    {%- set codes = {'%m': 'MM', '%d': 'DD', '%H': 'HH24', '%Y': 'YYYY', '%M': 'MI', '%S': 'SS'} -%}
    case
        when trim({{ expr }}) ~ '^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(:?\d{2})?)?$'
            then cast(cast(regexp_replace(trim({{ expr }}), '\s*(UTC|GMT)$', 'Z') as timestamptz) at time zone 'UTC' as timestamp)
        when trim({{ expr }}) ~ '^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?\s*[A-Za-z]+/[A-Za-z_]+(/[A-Za-z_]+)?$'
            and regexp_replace(trim({{ expr }}), '^.*[0-9]\s*', '') in (select name from pg_timezone_names)
            then cast(cast(trim({{ expr }}) as timestamptz) at time zone 'UTC' as timestamp)
        {%- for fmt in var('timestamp_formats') %}
        when trim({{ expr }}) ~ '{{ supportmetrics.timestamp_format_regex(fmt) }}'
            then to_timestamp(trim({{ expr }}), '{{ supportmetrics.timestamp_format_for(fmt, codes) }}')::timestamp
        {%- endfor %}
        when trim({{ expr }}) ~ '^\d{9,10}$'
            then cast(to_timestamp(cast(trim({{ expr }}) as bigint)) at time zone 'UTC' as timestamp)
    end
{%- endmacro %}

{#- Spark: a plain cast handles ISO-8601 (offsets and region zone ids converted to the session
    time zone, UTC in the profile); the export formats go through to_timestamp, guarded by a
    regex so that bad text is NULL (never a parser error). Same results as the DuckDB variant on
    every format above. -#}
{% macro spark__parse_timestamp(expr) -%}
    {%- set codes = {'%m': 'M', '%d': 'd', '%H': 'H', '%Y': 'yyyy', '%M': 'm', '%S': 's'} -%}
    case
        when trim({{ expr }}) rlike '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?| ?UTC| ?GMT)?$'
            then cast(trim({{ expr }}) as timestamp)
        when trim({{ expr }}) rlike '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)? ?[A-Za-z]+/[A-Za-z_]+(/[A-Za-z_]+)?$'
            then cast(trim({{ expr }}) as timestamp)
        {%- for fmt in var('timestamp_formats') %}
        when trim({{ expr }}) rlike '{{ supportmetrics.timestamp_format_regex(fmt) }}'
            then to_timestamp(trim({{ expr }}), '{{ supportmetrics.timestamp_format_for(fmt, codes) }}')
        {%- endfor %}
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
