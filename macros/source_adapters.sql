{#- Source adapters: where the canonical raw tables come from.

    var `helpdesk_source` picks the shape of the helpdesk data in the warehouse:
      canonical         the raw schema `supportmetrics load` writes (source('helpdesk', ...)),
      zendesk_fivetran  Zendesk Support as Fivetran's connector lands it
                        (models/staging/zendesk_fivetran),
      zendesk_airbyte   Zendesk Support as Airbyte's connector lands it
                        (models/staging/zendesk_airbyte); both read through the one Zendesk
                        mapping layer models/staging/zendesk: map_zendesk__<table>,
      intercom_fivetran Intercom as Fivetran's connector lands it (models/staging/intercom_fivetran),
      intercom_airbyte  Intercom as Airbyte's connector lands it (models/staging/intercom_airbyte);
                        both read through the one Intercom mapping layer
                        models/staging/intercom: map_intercom__<table>.
    A new shape (intercom_...) adds its name to helpdesk_source_shapes() and one mapping model
    per canonical table named map_<shape>__<table> (or a family prefix in
    helpdesk_mapping_prefix()), each yielding exactly the raw contract shape
    (raw_contract_select below); the validation path reads them unchanged. -#}

{% macro helpdesk_source_shapes() -%}
    {{ return(['canonical', 'zendesk_fivetran', 'zendesk_airbyte'] + supportmetrics.intercom_source_shapes()) }}
{%- endmacro %}

{#- The selected shape; an unknown name stops the run with the list of known ones. -#}
{% macro helpdesk_source_shape() -%}
    {%- set shape = var('helpdesk_source', 'canonical') -%}
    {%- if shape not in supportmetrics.helpdesk_source_shapes() -%}
        {{ exceptions.raise_compiler_error(
            "var helpdesk_source = '" ~ shape ~ "' is not a known helpdesk shape; use one of: "
            ~ supportmetrics.helpdesk_source_shapes() | join(', ')) }}
    {%- endif -%}
    {{ return(shape) }}
{%- endmacro %}

{#- The relation holding the raw (text) rows of one canonical table for the selected shape. -#}
{% macro helpdesk_raw_relation(table_name) -%}
    {%- set shape = supportmetrics.helpdesk_source_shape() -%}
    {%- if shape == 'canonical' -%}
        {{ return(source('helpdesk', table_name)) }}
    {%- else -%}
        {{ return(ref('map_' ~ supportmetrics.helpdesk_mapping_prefix(shape) ~ '__' ~ table_name)) }}
    {%- endif -%}
{%- endmacro %}

{#- The mapping models' name prefix of a shape: the shapes of one vendor share one mapping layer
    (both Zendesk connectors: map_zendesk__<table>). -#}
{% macro helpdesk_mapping_prefix(shape) -%}
    {{ return({
        'zendesk_fivetran': 'zendesk', 'zendesk_airbyte': 'zendesk',
        'intercom_fivetran': 'intercom', 'intercom_airbyte': 'intercom',
    }.get(shape, shape)) }}
{%- endmacro %}

{#- The contract columns of one canonical table (from _helpdesk__sources.yml), in order; none
    where the graph carries no sources (parsing, and dbt unit tests, whose graph holds nodes
    only). -#}
{% macro raw_contract_columns(table_name) -%}
    {%- if not execute or 'sources' not in graph -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.helpdesk.' ~ table_name] -%}
    {{ return(node.columns.values() | map(attribute='name') | list) }}
{%- endmacro %}

{#- select list giving exactly the raw contract shape of `table_name` from the relation or CTE
    `from_name`: every contract column as text (null when `provided` does not name it), then the
    lineage columns _source_file (text), _source_row (bigint), _loaded_at (timestamp), which
    `from_name` must carry. Without the contract at hand (see raw_contract_columns) the provided
    columns alone are selected. -#}
{% macro raw_contract_select(table_name, from_name, provided) -%}
    {%- set columns = supportmetrics.raw_contract_columns(table_name) -%}
    select
    {%- for column_name in (provided if columns is none else columns) %}
        {% if column_name in provided -%}
            cast({{ column_name }} as {{ dbt.type_string() }}) as {{ column_name }},
        {%- else -%}
            cast(null as {{ dbt.type_string() }}) as {{ column_name }},
        {%- endif -%}
    {%- endfor %}
        cast(_source_file as {{ dbt.type_string() }}) as _source_file,
        cast(_source_row as {{ dbt.type_bigint() }}) as _source_row,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as _loaded_at
    from {{ from_name }}
{%- endmacro %}

{#- An empty relation of the raw contract shape: a canonical table the vendor cannot supply.
    The base model then reads no rows, and the marts report the existing missing reasons. -#}
{% macro empty_raw_table(table_name) -%}
    {%- set columns = [] -%}
    {%- for column_name in supportmetrics.raw_contract_columns(table_name) or [] -%}
        {%- do columns.append((column_name, dbt.type_string())) -%}
    {%- endfor -%}
    {%- do columns.extend([
        ('_source_file', dbt.type_string()),
        ('_source_row', dbt.type_bigint()),
        ('_loaded_at', dbt.type_timestamp()),
    ]) -%}
    {{ supportmetrics.empty_select(columns) }}
{%- endmacro %}

{#- --- Intercom shapes (models/staging/intercom_fivetran, models/staging/intercom_airbyte) ------
    Intercom's Fin AI Agent gives its own verdict on each conversation (resolution state, rating);
    a shape that lands it yields map_<mapping prefix>__ai_verdicts, read by int_vendor_ai_verdicts beside
    our true-resolution rule. Every other shape has no vendor verdict: an empty relation. -#}
{% macro intercom_source_shapes() -%}
    {{ return(['intercom_fivetran', 'intercom_airbyte']) }}
{%- endmacro %}

{% macro vendor_ai_verdicts_shapes() -%}
    {{ return(['intercom_fivetran', 'intercom_airbyte']) }}
{%- endmacro %}

{#- select of the vendor's AI verdicts (conversation_id, vendor, vendor_resolution_state,
    vendor_ai_rating, vendor_last_answer_type) for the selected shape; no rows when it lands none. -#}
{% macro vendor_ai_verdicts_select() -%}
    {%- set shape = supportmetrics.helpdesk_source_shape() -%}
    {%- if shape in supportmetrics.vendor_ai_verdicts_shapes() -%}
    select
        conversation_id,
        vendor,
        vendor_resolution_state,
        vendor_ai_rating,
        vendor_last_answer_type
    from {{ ref('map_' ~ supportmetrics.helpdesk_mapping_prefix(shape) ~ '__ai_verdicts') }}
    {%- else -%}
    {{ supportmetrics.empty_select([
        ('conversation_id', dbt.type_string()),
        ('vendor', dbt.type_string()),
        ('vendor_resolution_state', dbt.type_string()),
        ('vendor_ai_rating', dbt.type_int()),
        ('vendor_last_answer_type', dbt.type_string()),
    ]) }}
    {%- endif -%}
{%- endmacro %}

{#- Comment bodies reduced to text before the text signals run: HTML tags removed and the common
    entities decoded; markdown link syntax (the text kept), bold, code marks, headings and quote
    marks at a line start dropped; whitespace collapsed. Text that merely contains '#', '>' or
    '*' (an order number, a menu path) is kept as it is. -#}
{% macro markup_to_text(expression) -%}
    {{ return(adapter.dispatch('markup_to_text', 'supportmetrics')(expression)) }}
{%- endmacro %}

{% macro default__markup_to_text(expression) -%}
    {%- set steps = [
        ('<[^>]*>', ' '),
        ('[[]([^]]*)[]][(][^)]*[)]', '\\1'),
        ('[*][*]([^*]+)[*][*]', '\\1'),
        ('__([^_]+)__', '\\1'),
        ('`([^`]*)`', '\\1'),
        ('(^|[[:cntrl:]])#{1,6} +', '\\1'),
        ('(^|[[:cntrl:]])> ?', '\\1'),
        ('&nbsp;', ' '),
        ('&quot;', '"'),
        ('&#39;', "''"),
        ('&lt;', '<'),
        ('&gt;', '>'),
        ('&amp;', '&'),
        ('[[:space:]]+', ' '),
    ] -%}
    {%- set ns = namespace(sql=expression) -%}
    {%- for pattern, replacement in steps -%}
        {%- set ns.sql = supportmetrics.regexp_replace_all(ns.sql, "'" ~ pattern ~ "'", "'" ~ replacement ~ "'") -%}
    {%- endfor -%}
    nullif(trim({{ ns.sql }}), '')
{%- endmacro %}

{% macro regexp_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'supportmetrics')(expression, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

{% macro duckdb__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro postgres__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro spark__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement | replace('\\', '$') }})
{%- endmacro %}

{#- The selected shape's authors and tickets the AI identity rules cannot classify (subject_type,
    subject_id, reason, brand_id, comments, first_comment_at; Intercom: its unclassified authors,
    their conversation parts as comments, no brand), or no rows of that shape where the shape has
    no such model (canonical data states each author's type). -#}
{% macro helpdesk_unclassified_authors() -%}
    {%- set shape = supportmetrics.helpdesk_source_shape() -%}
    {%- if shape in ['zendesk_fivetran', 'zendesk_airbyte'] -%}
        select * from {{ ref('map_' ~ supportmetrics.helpdesk_mapping_prefix(shape) ~ '__unclassified_authors') }}
    {%- elif shape in supportmetrics.intercom_source_shapes() -%}
        select
            'author' as subject_type,
            author_id as subject_id,
            reason,
            cast(null as {{ dbt.type_string() }}) as brand_id,
            parts as comments,
            first_part_at as first_comment_at
        from {{ ref('map_' ~ supportmetrics.helpdesk_mapping_prefix(shape) ~ '__unclassified_authors') }}
    {%- else -%}
        {{ supportmetrics.empty_select([
            ('subject_type', dbt.type_string()),
            ('subject_id', dbt.type_string()),
            ('reason', dbt.type_string()),
            ('brand_id', dbt.type_string()),
            ('comments', dbt.type_bigint()),
            ('first_comment_at', dbt.type_timestamp()),
        ]) }}
    {%- endif -%}
{%- endmacro %}

{#- What a helpdesk shape cannot carry, by canonical table (README "Connect Zendesk", "Connect
    Intercom"; tests/python/*_shape_gaps.yml): contract columns null in every row it maps, AI
    event types it never yields (ai_events: listed by event_type beside the columns), and '*' for
    a table it does not supply at all (the adapter yields it empty). A mart that would read their
    absence as a real "none" (0 reviews, not churned, no context summary) reports null for the
    metric instead, with the reason helpdesk_gap_reason(): the metric cannot be computed from that
    source. -#}
{% macro helpdesk_shape_gaps(shape) -%}
    {#- Not supplied by any vendor connector (Zendesk or Intercom, Fivetran or Airbyte): no
        per-message sentiment, no AI confidence or context summary at a handoff, no account plan /
        ARR / renewal / churn (only the segment), no agent cost; of the AI's internals only its
        answers land (no confidence, article, intent classification, drafts, actions or signals);
        feedback, QA, knowledge base, scope changes, costs, work sessions and CS interventions
        are not in the connectors. -#}
    {%- set no_vendor = {
        'messages': ['sentiment_score'],
        'handoffs': ['ai_confidence', 'context_summary'],
        'accounts': ['plan', 'arr_usd', 'renewal_date', 'churned_at'],
        'agents': ['hourly_cost_usd'],
        'ai_events': ['confidence', 'kb_article_id', 'draft_outcome', 'action_name',
                      'intent_classified', 'draft_suggested', 'action_taken', 'signal_surfaced'],
        'message_feedback': ['*'],
        'qa_reviews': ['*'],
        'kb_articles': ['*'],
        'ai_scope_changes': ['*'],
        'support_costs': ['*'],
        'agent_work_sessions': ['*'],
        'cs_interventions': ['*'],
    } -%}
    {#- Zendesk also has no agent team (groups are not teams of agents) and no AI confirmation of a
        resolution (Intercom's Fin lands its confirmed resolutions). -#}
    {%- set zendesk = {} -%}
    {%- do zendesk.update(no_vendor) -%}
    {%- do zendesk.update({
        'agents': no_vendor['agents'] + ['team'],
        'ai_events': no_vendor['ai_events'] + ['resolution_confirmed'],
    }) -%}
    {{ return({
        'zendesk_fivetran': zendesk, 'zendesk_airbyte': zendesk,
        'intercom_fivetran': no_vendor, 'intercom_airbyte': no_vendor,
    }.get(shape, {})) }}
{%- endmacro %}

{#- Does the selected helpdesk shape carry canonical table `table` (column '*': the table at all)
    and its contract column or AI event type `column`? -#}
{% macro helpdesk_carries(table, column='*') -%}
    {%- set gaps = supportmetrics.helpdesk_shape_gaps(supportmetrics.helpdesk_source_shape()).get(table, []) -%}
    {{ return('*' not in gaps and (column == '*' or column not in gaps)) }}
{%- endmacro %}

{#- The missing reason of a metric whose input the selected shape cannot carry. -#}
{% macro helpdesk_gap_reason() -%}
    'not_carried_by_source'
{%- endmacro %}

{#- `expression` where the selected shape carries `table`.`column`, else null of the expression's
    own type (a count or measure of what the source cannot carry is unknown, never 0). -#}
{% macro carried_or_null(expression, table, column='*') -%}
    {%- if supportmetrics.helpdesk_carries(table, column) -%}
        {{ expression }}
    {%- else -%}
        case when 1 = 0 then {{ expression }} end
    {%- endif -%}
{%- endmacro %}

{#- The missing reason of the call block (`{% call carried_or_reason('qa_reviews') %} case ... end
    {% endcall %}`) where the selected shape carries `table`.`column`, else the reason
    helpdesk_gap_reason(). -#}
{% macro carried_or_reason(table, column='*') -%}
    {%- if supportmetrics.helpdesk_carries(table, column) -%}
        {{ caller() }}
    {%- else -%}
        {{ supportmetrics.helpdesk_gap_reason() }}
    {%- endif -%}
{%- endmacro %}

{#- Helpers every vendor adapter shares. -#}

{#- Lineage columns of a mapped row: the vendor relation it came from (`vendor_relation`, as
    schema.table), a stable row number within it, and when the connector synced it (a row
    without a sync time counts as synced at the epoch, so the incremental base models' row-count
    check still sees it). -#}
{% macro vendor_lineage(vendor_relation, order_by, synced_at='synced_at') -%}
    '{{ vendor_relation }}' as _source_file,
    row_number() over (order by {{ order_by }}) as _source_row,
    coalesce({{ synced_at }}, cast('1970-01-01 00:00:00' as {{ dbt.type_timestamp() }})) as _loaded_at
{%- endmacro %}

{#- The canonical value of a vendor value through a var map (vendor value -> canonical); an
    unmapped value is passed on as it is, so the contract quarantines it with its value. -#}
{% macro vendor_value_mapped(expression, var_name) -%}
    case {{ expression }}
    {%- for vendor_value, canonical in var(var_name).items() %}
        when '{{ vendor_value }}' then '{{ canonical }}'
    {%- endfor %}
        else {{ expression }}
    end
{%- endmacro %}

{#- The part of `tag` after `prefix`, or null when the tag does not start with it. -#}
{% macro vendor_tag_suffix(tag, prefix) -%}
    case
        when {{ dbt.length("'" ~ prefix ~ "'") }} > 0
            and substring({{ tag }}, 1, {{ prefix | length }}) = '{{ prefix }}'
            and {{ dbt.length(tag) }} > {{ prefix | length }}
            then substring({{ tag }}, {{ prefix | length + 1 }})
    end
{%- endmacro %}
