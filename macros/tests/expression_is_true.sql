{#- Fails for every row where `expression` is false. NULL results pass (a null means "not
    applicable", e.g. a window-judged flag while the window is pending). Optional `where`. -#}
{% test expression_is_true(model, expression, column_name=none, where_clause=none) %}

select *
from {{ model }}
where not ({{ expression }})
{%- if where_clause %}
    and ({{ where_clause }})
{%- endif %}

{% endtest %}
