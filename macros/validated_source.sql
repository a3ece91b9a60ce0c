{#-
  validated_source(table_name, parents={})

  Builds a base model over one raw table from the contract declared in
  `_helpdesk__sources.yml` (column meta): every column is parsed into its canonical type, and
  every row is classified once, so that nothing is lost and nothing is counted twice:

    _row_status = 'quarantined'     fails a blocking rule (_rejection_rule, _rejected_column,
                                    _rejected_value say which and why)
                | 'exact_duplicate' byte-identical copy of an earlier valid row (at-least-once loads)
                | 'superseded'      an older version of a key (latest cursor wins, then latest load)
                | 'current'         the row staging keeps

  Placeholder tokens (var null_tokens: 'NULL', 'N/A', 'None', 'NaN', '-', any case) and
  whitespace-only text are null in every column (macro null_if_placeholder) unless the column
  declares the token as a value or alias: a key written 'N/A' is a null_key, and
  `_rejected_value` keeps the text as it was.

  Rules, first match wins: null_key, missing_required, unknown_enum / timestamp_zone_unsupported
  (a zone name that cannot be converted, see parse_timestamp) / unparseable_<type>,
  out_of_range, future_timestamp (later than run time + var future_tolerance_hours), orphan
  (parent row missing or itself quarantined), before_parent (timestamp earlier than the
  parent's created_at, or than the column named in meta.not_before).

  Incremental (DuckDB, Postgres; see base_model_config): a run re-classifies only the keys it
  must, and replaces their rows (delete+insert on _base_key, the typed primary key as text):
    - keys of raw rows loaded after the model's last build (_loaded_at above its high-water mark),
    - keys whose rows were quarantined for a rule that can change with time or with other tables
      (future_timestamp, orphan, before_parent),
    - keys whose parent row changed since the last build (a late parent, a corrected created_at).
  Every raw row of a key in scope is re-read, so duplicates and versions are ranked exactly as
  in a full build: the new rows, and the earlier ones found by the position (_source_file,
  _source_row) of the key's built rows (canonical loads; vendor adapters, whose row numbers are
  per run, by parsing every raw row's key). Incremental models cannot see removed rows: when the
  raw table no longer holds every row the model was built from (a file was replaced or removed),
  the run stops and asks for --full-refresh (`supportmetrics build` chooses the full refresh by
  itself).

  `parents` maps a parent table name to its base relation, e.g.
  {'conversations': ref('base_helpdesk__conversations')}; it is passed explicitly so dbt sees
  the dependency at parse time.
-#}
{% macro validated_source(table_name, parents={}) %}
{%- set relation = supportmetrics.helpdesk_raw_relation(table_name) -%}
{%- set columns = [] -%}
{%- set table_meta = {} -%}
{%- if execute -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.helpdesk.' ~ table_name] -%}
    {%- set columns = node.columns.values() | list -%}
    {%- set table_meta = node.meta -%}
{%- endif -%}
{%- set primary_key = table_meta.get('primary_key', []) -%}
{%- set incremental = is_incremental() -%}
{#- a raw row's (_source_file, _source_row) names it for good in canonical loads (a file's row
    number); a vendor adapter numbers its rows per run (vendor_lineage), so there the rows of a
    key in scope are found by their parsed key instead -#}
{%- set stable_positions = supportmetrics.helpdesk_source_shape() == 'canonical' -%}
{%- if incremental and execute -%}
    {{ supportmetrics.assert_raw_rows_kept(relation, this) }}
{%- endif -%}
{%- set pii_columns = columns | selectattr('meta') | selectattr('meta.pii') | map(attribute='name') | list -%}
{%- set cursor = table_meta.get('cursor') -%}
{%- set now_expr -%}
    {%- if var('validation_now', none) -%}
        cast('{{ var("validation_now") }}' as {{ dbt.type_timestamp() }})
    {%- else -%}
        cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endset -%}
{%- set future_limit = dbt.dateadd('hour', var('future_tolerance_hours'), now_expr) -%}

{#- rules: list of (condition, rule, column). Conditions read each column's placeholder-cleaned
    text (computed once, in the cleaned CTE) and its parsed value. -#}
{%- set rules = [] -%}
{%- for col in columns if col.name in primary_key -%}
    {%- do rules.append((supportmetrics.cleaned_column(col.name) ~ " is null", 'null_key', col.name)) -%}
{%- endfor -%}
{%- for col in columns -%}
    {%- set meta = col.meta or {} -%}
    {%- if meta.get('required') and col.name not in primary_key -%}
        {%- do rules.append((supportmetrics.cleaned_column(col.name) ~ " is null", 'missing_required', col.name)) -%}
    {%- endif -%}
{%- endfor -%}
{%- for col in columns -%}
    {%- set meta = col.meta or {} -%}
    {%- if meta.get('enum') -%}
        {%- do rules.append((supportmetrics.cleaned_column(col.name) ~ " is not null and " ~ col.name ~ " is null", 'unknown_enum', col.name)) -%}
    {%- elif meta.get('type', 'string') != 'string' -%}
        {%- if meta.get('type') in ('timestamp', 'date') -%}
            {%- do rules.append((supportmetrics.cleaned_column(col.name) ~ " is not null and " ~ col.name ~ " is null and " ~ supportmetrics.timestamp_has_zone_name(col.name ~ "_raw"), 'timestamp_zone_unsupported', col.name)) -%}
        {%- endif -%}
        {%- do rules.append((supportmetrics.cleaned_column(col.name) ~ " is not null and " ~ col.name ~ " is null", 'unparseable_' ~ meta.get('type'), col.name)) -%}
    {%- endif -%}
{%- endfor -%}
{%- for col in columns -%}
    {%- set meta = col.meta or {} -%}
    {%- if meta.get('min') is not none -%}
        {%- do rules.append((col.name ~ " < " ~ meta['min'], 'out_of_range', col.name)) -%}
    {%- endif -%}
    {%- if meta.get('max') is not none -%}
        {%- do rules.append((col.name ~ " > " ~ meta['max'], 'out_of_range', col.name)) -%}
    {%- endif -%}
{%- endfor -%}
{%- for col in columns if (col.meta or {}).get('type') == 'timestamp' -%}
    {%- do rules.append((col.name ~ " > " ~ future_limit, 'future_timestamp', col.name)) -%}
{%- endfor -%}
{%- for col in columns if (col.meta or {}).get('references') -%}
    {%- set parent = col.meta['references'].split('.')[0] -%}
    {%- if parent in parents -%}
        {%- do rules.append(("_parent_" ~ parent ~ "._parent_key is null", 'orphan', col.name)) -%}
    {%- endif -%}
{%- endfor -%}
{%- for col in columns if (col.meta or {}).get('not_before') -%}
    {%- set target = col.meta['not_before'] -%}
    {%- if '.' in target -%}
        {%- set parent = target.split('.')[0] -%}
        {%- if parent in parents -%}
            {%- do rules.append((col.name ~ " < _parent_" ~ parent ~ "._parent_created_at", 'before_parent', col.name)) -%}
        {%- endif -%}
    {%- else -%}
        {%- do rules.append((col.name ~ " < " ~ target, 'before_parent', col.name)) -%}
    {%- endif -%}
{%- endfor -%}

{#- the typed primary key computed straight from the raw columns (incremental scoping) -#}
{%- set key_columns = [] -%}
{%- for key in primary_key -%}
    {%- for col in columns if col.name == key -%}
        {%- do key_columns.append(supportmetrics.parse_column(supportmetrics.null_if_placeholder(adapter.quote(col.name), col.meta or {}), col.meta or {})) -%}
    {%- endfor -%}
{%- endfor %}

with
{%- if incremental %}

_watermark as (

    {#- an empty model (built before its raw table had rows) has no mark: every raw row is new -#}
    select coalesce(max(_loaded_at), cast('1900-01-01 00:00:00' as {{ dbt.type_timestamp() }})) as _loaded_at
    from {{ this }}

),

_rescoped_keys as (

    -- keys of rows loaded since the last build
    select {{ supportmetrics.base_key(key_columns) }} as _base_key
    from {{ relation }}
    where _loaded_at > (select _watermark._loaded_at from _watermark)
    union
    -- keys whose rejection can change with time or with other tables
    select _base_key
    from {{ this }}
    where _rejection_rule in ('future_timestamp', 'orphan', 'before_parent')
    {%- for col in columns if (col.meta or {}).get('references') %}
    {%- set parent = col.meta['references'].split('.')[0] %}
    {%- if parent in parents %}
    union
    -- keys whose parent changed since the last build
    select _previous._base_key
    from {{ this }} as _previous
    where _previous.{{ col.name }} in (
        select {{ supportmetrics.parent_key_column(parent) }}
        from {{ parents[parent] }}
        where _loaded_at > (select _watermark._loaded_at from _watermark)
    )
    {%- endif %}
    {%- endfor %}

),
{%- endif %}

{%- if incremental and stable_positions %}

_rescoped_rows as (

    {#- where the built rows of the keys in scope came from (one base row per raw row): their raw
        rows are found by position, so the raw keys are parsed for the new rows only -#}
    select
        _source_file,
        _source_row
    from {{ this }}
    where _base_key in (select _rescoped_keys._base_key from _rescoped_keys)

),
{%- endif %}

source as (

    select * from {{ relation }}
    {%- if incremental %}
    where
        _loaded_at > (select _watermark._loaded_at from _watermark)
        {%- if stable_positions %}

    union all

    select _raw.*
    from {{ relation }} as _raw
    inner join _rescoped_rows
        on _raw._source_file = _rescoped_rows._source_file
            and _raw._source_row = _rescoped_rows._source_row
    where _raw._loaded_at <= (select _watermark._loaded_at from _watermark)
        {%- else %}
        or {{ supportmetrics.base_key(key_columns) }} in (select _rescoped_keys._base_key from _rescoped_keys)
        {%- endif %}
    {%- endif %}

),

cleaned as (

    {#- each column's text with placeholders made null, computed once: the parsers and the
        rules below read it (a large text column is trimmed and compared once, not per rule) -#}
    select
        {%- for col in columns %}
        {{ supportmetrics.null_if_placeholder(adapter.quote(col.name), col.meta or {}) }} as {{ supportmetrics.cleaned_column(col.name) }},
        {{ adapter.quote(col.name) }} as {{ col.name }}_raw,
        {%- endfor %}
        {{ dbt.hash(dbt.concat(supportmetrics.null_safe_columns(columns))) }} as _row_hash,
        _source_file,
        _source_row,
        _loaded_at

    from source

),

typed as (

    select
        {%- for col in columns %}
        {{ supportmetrics.parse_column(supportmetrics.cleaned_column(col.name), col.meta or {}) }} as {{ col.name }},
        {{ supportmetrics.cleaned_column(col.name) }},
        {{ col.name }}_raw,
        {%- endfor %}
        _row_hash,
        _source_file,
        _source_row,
        _loaded_at

    from cleaned

),

scoped as (

    select
        typed.*,
        {{ supportmetrics.base_key(primary_key) }} as _base_key
    from typed

),
{%- for parent, parent_relation in parents.items() %}

_parent_{{ parent }} as (

    {#- one row per parent key among the parent's valid rows -#}
    select
        {{ supportmetrics.parent_key_column(parent) }} as _parent_key,
        min(created_at) as _parent_created_at
    from {{ parent_relation }}
    where _rejection_rule is null
    group by 1

),
{%- endfor %}

matched as (

    {#- the first rule a row breaks, by its position in the list (each condition evaluated once) -#}
    select
        scoped.*,
        case
            {%- for condition, rule, column in rules %}
            when {{ condition }} then {{ loop.index }}
            {%- endfor %}
        end as _rule_number
    from scoped
    {%- for col in columns if (col.meta or {}).get('references') %}
    {%- set parent = col.meta['references'].split('.')[0] %}
    {%- if parent in parents %}
    left join _parent_{{ parent }}
        on scoped.{{ col.name }} = _parent_{{ parent }}._parent_key
    {%- endif %}
    {%- endfor %}

),

checked as (

    {#- the typed columns only from here on: the raw and cleaned texts are not carried into the
        window sorts below (they would double the payload of every sorted row) -#}
    select
        {%- for col in columns %}
        matched.{{ col.name }},
        {%- endfor %}
        matched._row_hash,
        matched._source_file,
        matched._source_row,
        matched._loaded_at,
        matched._base_key,
        case _rule_number
            {%- for condition, rule, column in rules %}
            when {{ loop.index }} then '{{ rule }}'
            {%- endfor %}
        end as _rejection_rule,
        case _rule_number
            {%- for condition, rule, column in rules %}
            when {{ loop.index }} then '{{ column }}'
            {%- endfor %}
        end as _rejected_column,
        case _rule_number
            {%- for condition, rule, column in rules %}
            when {{ loop.index }} then {% if column in pii_columns %}'<pii redacted>'{% else %}{{ column }}_raw{% endif %}
            {%- endfor %}
        end as _rejected_value
    from matched

),

duplicates_ranked as (

    select
        checked.*,
        row_number() over (
            partition by _row_hash, case when _rejection_rule is null then 1 else 0 end
            order by _source_file, _source_row
        ) as _duplicate_rank
    from checked

),

versions_ranked as (

    select
        duplicates_ranked.*,
        row_number() over (
            partition by
                {%- for key in primary_key %} {{ key }},{% endfor %}
                case when _rejection_rule is null and _duplicate_rank = 1 then 1 else 0 end
            order by
                {% if cursor %}{{ cursor }} desc nulls last, {% endif %}_loaded_at desc, _source_file desc, _source_row desc
        ) as _version_rank
    from duplicates_ranked

),

final as (

    select
        {%- for col in columns %}
        {{ col.name }},
        {%- endfor %}
        _source_file,
        _source_row,
        _loaded_at,
        _row_hash,
        _base_key,
        _rejection_rule,
        _rejected_column,
        _rejected_value,
        case
            when _rejection_rule is not null then 'quarantined'
            when _duplicate_rank > 1 then 'exact_duplicate'
            when _version_rank > 1 then 'superseded'
            else 'current'
        end as _row_status
    from versions_ranked

)

select * from final
{% endmacro %}

{#- The name of a column's placeholder-cleaned text inside validated_source. -#}
{% macro cleaned_column(name) -%}_clean_{{ name }}{%- endmacro %}

{#- The typed primary key as one text value (null when any part is null): the incremental
    unique key of a base model. `primary_key` lists the key columns (or their expressions). -#}
{% macro base_key(primary_key) -%}
    {%- if primary_key | length == 1 -%}
        cast(({{ primary_key[0] }}) as {{ dbt.type_string() }})
    {%- else -%}
        case
            when {% for key in primary_key %}({{ key }}) is not null{% if not loop.last %} and {% endif %}{% endfor %}
                then {{ dbt.concat(supportmetrics.key_parts(primary_key)) }}
        end
    {%- endif -%}
{%- endmacro %}

{% macro key_parts(primary_key) -%}
    {%- set parts = [] -%}
    {%- for key in primary_key -%}
        {%- do parts.append("cast((" ~ key ~ ") as " ~ dbt.type_string() ~ ")") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}

{#- Incremental base models rely on raw tables only growing: every row the model was built
    from must still be in the raw table. Stops the run with a clear message otherwise. -#}
{% macro assert_raw_rows_kept(relation, model_relation) -%}
    {%- set counts = run_query(
        "select (select count(*) from " ~ model_relation ~ ") as built_rows, (select count(*) from "
        ~ relation ~ " where _loaded_at <= (select max(_loaded_at) from " ~ model_relation ~ ")) as raw_rows"
    ) -%}
    {%- set built_rows, raw_rows = counts.rows[0][0], counts.rows[0][1] -%}
    {%- if built_rows != raw_rows -%}
        {{ exceptions.raise_compiler_error(
            model_relation.identifier ~ ": the raw table " ~ relation ~ " no longer holds every row this model was built from ("
            ~ built_rows ~ " built, " ~ raw_rows ~ " still in raw): files were replaced or removed since the last build. "
            ~ "Run a full refresh: `dbt build --full-refresh` (or `supportmetrics build`, which chooses it by itself).") }}
    {%- endif -%}
{%- endmacro %}

{#- dbt config of the base models: incremental where delete+insert is available. -#}
{% macro base_model_config() -%}
    {{ return(adapter.dispatch('base_model_config', 'supportmetrics')()) }}
{%- endmacro %}

{% macro default__base_model_config() -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': '_base_key',
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{#- Spark: delete+insert needs a transactional table format (Delta, Iceberg); on plain Parquet
    tables the base models are rebuilt in full on every run. -#}
{% macro spark__base_model_config() -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}

{#- Every raw column, null-safe, separated, for the exact-duplicate hash. -#}
{% macro null_safe_columns(columns) -%}
    {%- set parts = [] -%}
    {%- for col in columns -%}
        {%- do parts.append("coalesce(" ~ adapter.quote(col.name) ~ ", '<null>')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ return(parts if parts else ["''"]) }}
{%- endmacro %}

{#- The key column of a parent table referenced by children. -#}
{% macro parent_key_column(parent) -%}
    {{ return({'conversations': 'conversation_id', 'messages': 'message_id', 'accounts': 'account_id'}[parent]) }}
{%- endmacro %}

{#- The helpdesk contract tables, in contract order. The data-quality marts and tests loop over
    them; refs must be literal for dbt's DAG, so the list is spelled out here once, and a pytest
    (tests/python/test_trust.py) checks it against the contract in _helpdesk__sources.yml. -#}
{% macro helpdesk_tables() -%}
    {{ return([
        'accounts', 'customers', 'agents', 'conversations', 'messages', 'ticket_events', 'ai_events',
        'handoffs', 'csat_responses', 'message_feedback', 'qa_reviews', 'kb_articles',
        'ai_scope_changes', 'support_costs', 'agent_work_sessions', 'cs_interventions',
    ]) }}
{%- endmacro %}
