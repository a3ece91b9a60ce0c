with

authors as (

    select * from {{ ref('map_intercom__authors') }}

),

team_admins as (

    select * from {{ supportmetrics.intercom_staged('team_admins') }}

),

teams as (

    select * from {{ supportmetrics.intercom_staged('teams') }}

),

-- an agent appears once whatever type it wrote as (a bot id is also in the admin table)
agent_authors as (

    select
        author_id,
        min(case when author_type = 'ai_agent' then 'ai' else 'human' end) as agent_type,
        max(author_name) as display_name
    from authors
    where author_type in ('ai_agent', 'human_agent')
        and not is_deleted
    group by 1

),

agent_teams as (

    select
        team_admins.admin_id,
        min(teams.team_name) as team_name
    from team_admins
    inner join teams
        on team_admins.team_id = teams.team_id
    where not team_admins.is_deleted
        and not teams.is_deleted
    group by 1

),

mapped as (

    select
        agent_authors.author_id as agent_id,
        agent_authors.agent_type,
        agent_authors.display_name,
        agent_teams.team_name as team,
        {{ supportmetrics.intercom_lineage('admins', 'agent_authors.author_id', 'cast(null as ' ~ dbt.type_timestamp() ~ ')') }}
    from agent_authors
    left join agent_teams
        on agent_authors.author_id = agent_teams.admin_id

),

final as (

    {{ supportmetrics.raw_contract_select('agents', 'mapped', [
        'agent_id', 'agent_type', 'display_name', 'team']) }}

)

select * from final
