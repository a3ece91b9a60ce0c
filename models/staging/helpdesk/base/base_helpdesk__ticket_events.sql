{{ config(**supportmetrics.base_model_config()) }}

{{ validated_source('ticket_events', parents={'conversations': ref('base_helpdesk__conversations')}) }}
