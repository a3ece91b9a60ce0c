{{ config(**supportmetrics.base_model_config()) }}

{{ validated_source('qa_reviews', parents={'conversations': ref('base_helpdesk__conversations')}) }}
