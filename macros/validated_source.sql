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

  Rules, first match wins: null_key, missing_required, unknown_enum / unparseable_<type>,
  out_of_range, future_timestamp (later than run time + var future_tolerance_hours), orphan
  (parent row missing or itself quarantined), before_parent (timestamp earlier than the
  parent's created_at, or than the column named in meta.not_before).

  `parents` maps a parent table name to its base relation, e.g.
  {'conversations': ref('base_helpdesk__conversations')}; it is passed explicitly so dbt sees
  the dependency at parse time.
-#}
{% macro validated_source(table_name, parents={}) %}
{%- set relation = source('helpdesk', table_name) -%}
{%- set columns = [] -%}
{%- set table_meta = {} -%}
{%- if execute -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.helpdesk.' ~ table_name] -%}
    {%- set columns = node.columns.values() | list -%}
    {%- set table_meta = node.meta -%}
{%- endif -%}
{%- set primary_key = table_meta.get('primary_key', []) -%}
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

{#- rules: list of (condition, rule, column, raw value expression) -#}
{%- set rules = [] -%}
{%- for col in columns if col.name in primary_key -%}
    {%- do rules.append(("nullif(trim(" ~ col.name ~ "_raw), '') is null", 'null_key', col.name)) -%}
{%- endfor -%}
{%- for col in columns -%}
    {%- set meta = col.meta or {} -%}
    {%- if meta.get('required') and col.name not in primary_key -%}
        {%- do rules.append(("nullif(trim(" ~ col.name ~ "_raw), '') is null", 'missing_required', col.name)) -%}
    {%- endif -%}
{%- endfor -%}
{%- for col in columns -%}
    {%- set meta = col.meta or {} -%}
    {%- if meta.get('enum') -%}
        {%- do rules.append(("nullif(trim(" ~ col.name ~ "_raw), '') is not null and " ~ col.name ~ " is null", 'unknown_enum', col.name)) -%}
    {%- elif meta.get('type', 'string') != 'string' -%}
        {%- do rules.append(("nullif(trim(" ~ col.name ~ "_raw), '') is not null and " ~ col.name ~ " is null", 'unparseable_' ~ meta.get('type'), col.name)) -%}
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

with

source as (

    select * from {{ relation }}

),

typed as (

    select
        {%- for col in columns %}
        {{ supportmetrics.parse_column(adapter.quote(col.name), col.meta or {}) }} as {{ col.name }},
        {{ adapter.quote(col.name) }} as {{ col.name }}_raw,
        {%- endfor %}
        {{ dbt.hash(dbt.concat(supportmetrics.null_safe_columns(columns))) }} as _row_hash,
        _source_file,
        _source_row,
        _loaded_at

    from source

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

checked as (

    select
        typed.*,
        case
            {%- for condition, rule, column in rules %}
            when {{ condition }} then '{{ rule }}'
            {%- endfor %}
        end as _rejection_rule,
        case
            {%- for condition, rule, column in rules %}
            when {{ condition }} then '{{ column }}'
            {%- endfor %}
        end as _rejected_column,
        case
            {%- for condition, rule, column in rules %}
            when {{ condition }} then {% if column in pii_columns %}'<pii redacted>'{% else %}{{ column }}_raw{% endif %}
            {%- endfor %}
        end as _rejected_value
    from typed
    {%- for col in columns if (col.meta or {}).get('references') %}
    {%- set parent = col.meta['references'].split('.')[0] %}
    {%- if parent in parents %}
    left join _parent_{{ parent }}
        on typed.{{ col.name }} = _parent_{{ parent }}._parent_key
    {%- endif %}
    {%- endfor %}

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
