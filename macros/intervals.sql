{#- Confidence intervals for the verdicts (docs/decision-methods.md). Every macro takes SQL
    expressions and returns a double expression; z is var('interval_z') (1.96 = 95%). Plain
    arithmetic and sqrt only, so the same SQL runs on DuckDB, Postgres and Spark. -#}

{#- z and z squared as SQL literals. -#}
{% macro interval_z() -%}
    cast({{ var('interval_z') }} as {{ supportmetrics.type_double() }})
{%- endmacro %}

{% macro _interval_z_squared() -%}
    cast({{ (var('interval_z') | float) ** 2 }} as {{ supportmetrics.type_double() }})
{%- endmacro %}

{#- successes / n as a double; null when n is 0 or null. -#}
{% macro proportion(successes, n) -%}
    (cast({{ successes }} as {{ supportmetrics.type_double() }}) / nullif({{ n }}, 0))
{%- endmacro %}

{#- Wilson score interval for successes out of n:
    (s + z^2/2 -/+ z * sqrt(s (n - s) / n + z^2/4)) / (n + z^2), clipped to [0, 1].
    Null when n is 0 or null. -#}
{% macro _wilson_bound(successes, n, sign) -%}
    (case when {{ n }} > 0 then
        {{ 'greatest(0.0' if sign == '-' else 'least(1.0' }}, (
            cast({{ successes }} as {{ supportmetrics.type_double() }}) + {{ supportmetrics._interval_z_squared() }} / 2
            {{ sign }} {{ supportmetrics.interval_z() }} * sqrt(
                cast({{ successes }} as {{ supportmetrics.type_double() }})
                * ({{ n }} - {{ successes }}) / {{ n }}
                + {{ supportmetrics._interval_z_squared() }} / 4
            )
        ) / ({{ n }} + {{ supportmetrics._interval_z_squared() }}))
    end)
{%- endmacro %}

{% macro wilson_lower(successes, n) -%}
    {{ supportmetrics._wilson_bound(successes, n, '-') }}
{%- endmacro %}

{% macro wilson_upper(successes, n) -%}
    {{ supportmetrics._wilson_bound(successes, n, '+') }}
{%- endmacro %}

{#- Normal-approximation interval for a mean: mean -/+ z * sd / sqrt(n); null when n < 2. -#}
{% macro mean_interval_lower(mean, stddev, n) -%}
    (case when {{ n }} >= 2 then
        {{ mean }} - {{ supportmetrics.interval_z() }} * {{ stddev }} / sqrt(cast({{ n }} as {{ supportmetrics.type_double() }}))
    end)
{%- endmacro %}

{% macro mean_interval_upper(mean, stddev, n) -%}
    (case when {{ n }} >= 2 then
        {{ mean }} + {{ supportmetrics.interval_z() }} * {{ stddev }} / sqrt(cast({{ n }} as {{ supportmetrics.type_double() }}))
    end)
{%- endmacro %}

{#- Newcombe's hybrid score interval (his method 10) for p1 - p2, from the Wilson bounds
    (l1, u1) of p1 = s1/n1 and (l2, u2) of p2 = s2/n2:
    lower = (p1 - p2) - sqrt((p1 - l1)^2 + (u2 - p2)^2)
    upper = (p1 - p2) + sqrt((u1 - p1)^2 + (p2 - l2)^2)
    Null when either n is 0. -#}
{% macro diff_proportion_lower(s1, n1, s2, n2) -%}
    {%- set p1 = supportmetrics.proportion(s1, n1) -%}
    {%- set p2 = supportmetrics.proportion(s2, n2) -%}
    (({{ p1 }} - {{ p2 }}) - sqrt(
        ({{ p1 }} - {{ supportmetrics.wilson_lower(s1, n1) }}) * ({{ p1 }} - {{ supportmetrics.wilson_lower(s1, n1) }})
        + ({{ supportmetrics.wilson_upper(s2, n2) }} - {{ p2 }}) * ({{ supportmetrics.wilson_upper(s2, n2) }} - {{ p2 }})
    ))
{%- endmacro %}

{% macro diff_proportion_upper(s1, n1, s2, n2) -%}
    {%- set p1 = supportmetrics.proportion(s1, n1) -%}
    {%- set p2 = supportmetrics.proportion(s2, n2) -%}
    (({{ p1 }} - {{ p2 }}) + sqrt(
        ({{ supportmetrics.wilson_upper(s1, n1) }} - {{ p1 }}) * ({{ supportmetrics.wilson_upper(s1, n1) }} - {{ p1 }})
        + ({{ p2 }} - {{ supportmetrics.wilson_lower(s2, n2) }}) * ({{ p2 }} - {{ supportmetrics.wilson_lower(s2, n2) }})
    ))
{%- endmacro %}

{#- Welch normal interval for m1 - m2: (m1 - m2) -/+ z * sqrt(sd1^2/n1 + sd2^2/n2);
    null when either n < 2. -#}
{% macro _welch_bound(m1, sd1, n1, m2, sd2, n2, sign) -%}
    (case when {{ n1 }} >= 2 and {{ n2 }} >= 2 then
        ({{ m1 }} - {{ m2 }}) {{ sign }} {{ supportmetrics.interval_z() }} * sqrt(
            cast({{ sd1 }} as {{ supportmetrics.type_double() }}) * {{ sd1 }} / {{ n1 }}
            + cast({{ sd2 }} as {{ supportmetrics.type_double() }}) * {{ sd2 }} / {{ n2 }}
        )
    end)
{%- endmacro %}

{% macro diff_mean_lower(m1, sd1, n1, m2, sd2, n2) -%}
    {{ supportmetrics._welch_bound(m1, sd1, n1, m2, sd2, n2, '-') }}
{%- endmacro %}

{% macro diff_mean_upper(m1, sd1, n1, m2, sd2, n2) -%}
    {{ supportmetrics._welch_bound(m1, sd1, n1, m2, sd2, n2, '+') }}
{%- endmacro %}

{#- Normal interval from an estimate and its variance: estimate -/+ z * sqrt(variance)
    (direct standardisation, control limits). Null when the variance is null. -#}
{% macro normal_interval_lower(estimate, variance) -%}
    ({{ estimate }} - {{ supportmetrics.interval_z() }} * sqrt({{ variance }}))
{%- endmacro %}

{% macro normal_interval_upper(estimate, variance) -%}
    ({{ estimate }} + {{ supportmetrics.interval_z() }} * sqrt({{ variance }}))
{%- endmacro %}

{#- Binomial standard error of a rate p over n trials: sqrt(p (1 - p) / n); null when n is 0 or
    null (control limits p0 -/+ k * this, docs/decision-methods.md). -#}
{% macro binomial_standard_error(p, n) -%}
    (case when {{ n }} > 0 then sqrt({{ p }} * (1 - {{ p }}) / {{ n }}) end)
{%- endmacro %}

{#- MOVER interval (Zou and Donner) for the change v1 - v0 of two independent estimates with their
    own intervals (l1, u1) and (l0, u0):
    lower = (v1 - v0) - sqrt((v1 - l1)^2 + (u0 - v0)^2)
    upper = (v1 - v0) + sqrt((u1 - v1)^2 + (v0 - l0)^2)
    With Wilson bounds of two proportions it is Newcombe's interval above; it serves the changes of
    estimates that are not plain proportions (a CSAT gap, a mean score). Null when a bound is null. -#}
{% macro change_interval_lower(v1, l1, u1, v0, l0, u0) -%}
    (({{ v1 }} - {{ v0 }}) - sqrt(({{ v1 }} - {{ l1 }}) * ({{ v1 }} - {{ l1 }}) + ({{ u0 }} - {{ v0 }}) * ({{ u0 }} - {{ v0 }})))
{%- endmacro %}

{% macro change_interval_upper(v1, l1, u1, v0, l0, u0) -%}
    (({{ v1 }} - {{ v0 }}) + sqrt(({{ u1 }} - {{ v1 }}) * ({{ u1 }} - {{ v1 }}) + ({{ v0 }} - {{ l0 }}) * ({{ v0 }} - {{ l0 }})))
{%- endmacro %}

{#- Sample standard deviation from additive sums: sqrt((sum x^2 - (sum x)^2 / n) / (n - 1)); null
    when n < 2 (a mean's interval from daily sums of x and x^2). -#}
{% macro stddev_from_sums(sum_x, sum_x2, n) -%}
    (case when {{ n }} >= 2 then sqrt(greatest(
        cast({{ sum_x2 }} as {{ supportmetrics.type_double() }}) - cast({{ sum_x }} as {{ supportmetrics.type_double() }}) * {{ sum_x }} / {{ n }},
        0) / ({{ n }} - 1)) end)
{%- endmacro %}
