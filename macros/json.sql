{#- JSON columns as connectors land nested fields (Airbyte: objects and arrays as JSON). Each
    engine reads them its own way: DuckDB's json functions, PostgreSQL's jsonb operators,
    Spark's get_json_object / from_json (the default). -#}

{#- The text at `path` (a list of object keys; empty: the value itself) inside the JSON value
    `expression`; null when absent. A nested object or array comes back as its JSON text. -#}
{% macro json_extract_text(expression, path=[]) -%}
    {{ return(adapter.dispatch('json_extract_text', 'supportmetrics')(expression, path)) }}
{%- endmacro %}

{% macro default__json_extract_text(expression, path) -%}
    {%- if path | length == 0 -%}
        cast({{ expression }} as {{ dbt.type_string() }})
    {%- else -%}
        get_json_object({{ expression }}, '$.{{ path | join(".") }}')
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__json_extract_text(expression, path) -%}
    json_extract_string({{ expression }}, '${% for key in path %}."{{ key }}"{% endfor %}')
{%- endmacro %}

{% macro postgres__json_extract_text(expression, path) -%}
    (cast({{ expression }} as jsonb) #>> '{ {{- path | join(",") -}} }')
{%- endmacro %}

{#- select of every column of `from_name` plus one row per element of its JSON array column
    `array_column`, as `element_name` (a JSON value, read with json_extract_text); a null,
    empty or non-array value gives no row. -#}
{% macro json_array_rows(from_name, array_column, element_name) -%}
    {{ return(adapter.dispatch('json_array_rows', 'supportmetrics')(from_name, array_column, element_name)) }}
{%- endmacro %}

{% macro default__json_array_rows(from_name, array_column, element_name) -%}
    select
        {{ from_name }}.*,
        json_elements.element as {{ element_name }}
    from {{ from_name }}
    lateral view explode(from_json({{ from_name }}.{{ array_column }}, 'array<string>')) json_elements as element
{%- endmacro %}

{% macro duckdb__json_array_rows(from_name, array_column, element_name) -%}
    select
        *,
        unnest(cast(cast({{ array_column }} as json) as json[])) as {{ element_name }}
    from {{ from_name }}
    where json_type(cast({{ array_column }} as json)) = 'ARRAY'
{%- endmacro %}

{% macro postgres__json_array_rows(from_name, array_column, element_name) -%}
    select
        {{ from_name }}.*,
        json_elements.element as {{ element_name }}
    from {{ from_name }}
    cross join lateral jsonb_array_elements(
        case
            when jsonb_typeof(cast({{ from_name }}.{{ array_column }} as jsonb)) = 'array'
                then cast({{ from_name }}.{{ array_column }} as jsonb)
            else cast('[]' as jsonb)
        end
    ) as json_elements (element)
{%- endmacro %}
