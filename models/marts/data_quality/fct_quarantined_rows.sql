{%- set tables = supportmetrics.helpdesk_tables() -%}

with

{% for table_name in tables %}
    base_{{ table_name }} as (

        select * from {{ ref('base_helpdesk__' ~ table_name) }}
        where _row_status = 'quarantined'

    ),

{% endfor %}
load_rejects as (

    select * from {{ ref('stg_loader__load_rejects') }}

),

quarantined as (

    {% for table_name in tables %}
        select
            '{{ table_name }}' as table_name,
            _source_file as source_file,
            _source_row as source_row,
            _rejection_rule as rejection_rule,
            _rejected_column as rejected_column,
            _rejected_value as rejected_value,
            cast(null as {{ dbt.type_string() }}) as parser_error
        from base_{{ table_name }}

        union all

    {% endfor %}
    select
        table_name,
        source_file,
        source_row,
        'malformed_line' as rejection_rule,
        rejected_column,
        cast(null as {{ dbt.type_string() }}) as rejected_value,
        error_type || ': ' || error_message as parser_error
    from load_rejects

),

final as (

    select
        -- ids
        table_name,
        source_file,
        source_row,

        -- strings
        rejection_rule,
        rejected_column,
        rejected_value,
        case
            when rejection_rule = 'malformed_line'
                then 'malformed CSV line (' || parser_error || '); the line is kept in raw._load_rejects'
            when rejection_rule = 'null_key'
                then 'key column ' || rejected_column || ' is empty or a placeholder (' || coalesce('"' || rejected_value || '"', 'no value') || ')'
            when rejection_rule = 'missing_required'
                then 'required column ' || rejected_column || ' is empty or a placeholder (' || coalesce('"' || rejected_value || '"', 'no value') || ')'
            when rejection_rule = 'timestamp_zone_unsupported'
                then rejected_column || ' "' || rejected_value || '" names a time zone that cannot be converted to UTC: '
                    || 'write an offset (+01:00) or an IANA region (Europe/Berlin)'
            when rejection_rule = 'unknown_enum'
                then rejected_column || ' "' || rejected_value || '" is neither a canonical value nor a declared alias'
            when rejection_rule like 'unparseable_%'
                then rejected_column || ' "' || rejected_value || '" is not a valid ' || substring(rejection_rule, 13)
            when rejection_rule = 'out_of_range'
                then rejected_column || ' ' || rejected_value || ' is outside the contract range'
            when rejection_rule = 'future_timestamp'
                then rejected_column || ' ' || rejected_value || ' is later than the run time plus future_tolerance_hours'
            when rejection_rule = 'orphan'
                then rejected_column || ' ' || rejected_value || ' has no valid parent row'
            when rejection_rule = 'before_parent'
                then rejected_column || ' ' || rejected_value || ' is earlier than the timestamp it must follow'
        end as rejection_reason

    from quarantined

)

select * from final
