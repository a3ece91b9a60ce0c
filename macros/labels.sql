{#- The one convention for a missing label: a null dimension value (an unclassified intent, a
    null slice value) reads 'unknown'. Used by int_conversations_enriched (intent_label) and by
    slice_fanout; nothing else writes the literal. -#}
{% macro unknown_if_null(expression) -%}
    coalesce({{ expression }}, 'unknown')
{%- endmacro %}
