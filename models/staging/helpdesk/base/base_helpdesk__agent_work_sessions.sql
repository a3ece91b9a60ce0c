{{ config(**supportmetrics.base_model_config()) }}

{{ validated_source('agent_work_sessions', parents={'conversations': ref('base_helpdesk__conversations')}) }}
