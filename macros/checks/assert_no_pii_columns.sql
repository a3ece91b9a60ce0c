{% macro pii_column_names() %}
    {%- set names = [] %}
    {%- for source in graph.sources.values() %}
        {%- for column in source.columns.values() if (column.meta or {}).get('pii') %}
            {%- do names.append(column.name | lower) %}
        {%- endfor %}
    {%- endfor %}
    {{- return(names | unique | list) }}
{% endmacro %}


{% macro is_pii_column(column_name, data_type) %}
    {%- set name = column_name | lower %}
    {%- set dtype = data_type | upper %}
    {%- set is_text = 'CHAR' in dtype or 'TEXT' in dtype or 'STRING' in dtype %}
    {%- set ns = namespace(named=false, exact=false) %}
    {%- for pii in supportmetrics.pii_column_names() %}
        {%- if name == pii %}
            {%- set ns.exact = true %}
        {%- elif name.startswith(pii ~ '_') or name.endswith('_' ~ pii) or ('_' ~ pii ~ '_') in name %}
            {%- set ns.named = true %}
        {%- endif %}
    {%- endfor %}
    {{- return(ns.exact or (ns.named and is_text and not name.endswith('_hash'))) }}
{% endmacro %}


{% macro assert_no_pii_columns(relation) %}
    {%- if execute and model.resource_type == 'model' %}
        {%- set offenders = [] %}
        {%- for column in adapter.get_columns_in_relation(relation) %}
            {%- if supportmetrics.is_pii_column(column.name, column.dtype) %}
                {%- do offenders.append(column.name ~ ' (' ~ column.dtype ~ ')') %}
            {%- endif %}
        {%- endfor %}
        {%- if offenders %}
            {{- exceptions.raise_compiler_error(
                'PII check: public model ' ~ model.name ~ ' (' ~ model.original_file_path ~ ') exposes '
                ~ offenders | join(', ') ~ '. Marts and semantic models must not carry e-mails, names, '
                ~ 'message bodies or free-text comments: drop the column, aggregate it, or expose a '
                ~ '<column>_hash / has_<column> flag instead (docs/analyst-guide.md).') }}
        {%- endif %}
    {%- endif %}
    select 1 as pii_check_passed
{% endmacro %}
