{{ config(**supportmetrics.base_model_config()) }}

{{ validated_source('message_feedback', parents={'messages': ref('base_helpdesk__messages')}) }}
