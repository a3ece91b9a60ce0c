{#- Direct standardisation of a difference of two rates (docs/decision-methods.md, like for like):
    per stratum k (an intent) the exposed stream (the AI-only responses) has s1_k of n1_k successes and
    the reference stream (the human-only responses) s2_k of n2_k. A stratum is compared when
    n1_k > 0 and n2_k >= var('like_for_like_min_baseline_responses'); its weight is its share of the
    compared exposed n: w_k = n1_k / sum(compared n1).
      standardised difference = sum w_k (p1_k - p2_k)
      variance                = sum w_k^2 (q1_k (1 - q1_k) / (n1_k + 2) + q2_k (1 - q2_k) / (n2_k + 2))
    with q = (s + 1) / (n + 2) (Agresti-Caffo adjusted, so a 0% or 100% stratum still has a
    variance); the interval is normal_interval_lower / _upper of the two.

    Two steps, one CTE each: standardised_strata (one row per stratum, with is_compared, the rates
    and mix_weight) then standardised_summary (one row per `keys`). Both take column names of
    their relation: n1, s1 (exposed), n2, s2 (reference); measures: more aggregate select
    expressions for the summary. -#}

{% macro standardised_strata(relation, keys, n1, s1, n2, s2) -%}
    {%- set d = supportmetrics.type_double() -%}
    {%- set compared = n1 ~ ' > 0 and ' ~ n2 ~ ' >= ' ~ var('like_for_like_min_baseline_responses') -%}
    select
        {{ relation }}.*,
        {{ compared }} as is_compared,
        cast({{ s1 }} as {{ d }}) / nullif({{ n1 }}, 0) as exposed_rate,
        cast({{ s2 }} as {{ d }}) / nullif({{ n2 }}, 0) as reference_rate,
        cast({{ s1 }} + 1 as {{ d }}) / ({{ n1 }} + 2) as exposed_rate_adjusted,
        cast({{ s2 }} + 1 as {{ d }}) / ({{ n2 }} + 2) as reference_rate_adjusted,
        cast(case when {{ compared }} then {{ n1 }} end as {{ d }})
        / nullif(sum(case when {{ compared }} then {{ n1 }} else 0 end) over (
            partition by {{ keys | join(', ') }}
        ), 0) as mix_weight
    from {{ relation }}
{%- endmacro %}

{% macro standardised_summary(relation, keys, n1, n2, measures=[]) -%}
    select
        {%- for key in keys %}
        {{ key }},
        {%- endfor %}
        {%- for measure in measures %}
        {{ measure }},
        {%- endfor %}
        cast(count(case when is_compared then 1 end) as {{ dbt.type_int() }}) as compared_strata,
        cast(sum(case when is_compared then {{ n1 }} else 0 end) as {{ dbt.type_bigint() }}) as compared_exposed_n,
        cast(sum(case when is_compared then {{ n2 }} else 0 end) as {{ dbt.type_bigint() }}) as compared_reference_n,
        cast(count(case when {{ n1 }} > 0 and not is_compared then 1 end) as {{ dbt.type_int() }}) as strata_without_reference,
        cast(sum(case when not is_compared then {{ n1 }} else 0 end) as {{ dbt.type_bigint() }}) as exposed_n_without_reference,
        sum(mix_weight * exposed_rate) as standardised_exposed_rate,
        sum(mix_weight * reference_rate) as standardised_reference_rate,
        sum(mix_weight * (exposed_rate - reference_rate)) as standardised_difference,
        sum(
            mix_weight * mix_weight * (
                exposed_rate_adjusted * (1 - exposed_rate_adjusted) / ({{ n1 }} + 2)
                + reference_rate_adjusted * (1 - reference_rate_adjusted) / ({{ n2 }} + 2)
            )
        ) as standardised_difference_variance
    from {{ relation }}
    group by {% for key in keys %}{{ loop.index }}{{ ', ' if not loop.last }}{% endfor %}
{%- endmacro %}
