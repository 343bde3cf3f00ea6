package io.omniretail.ingestion.survey;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.omniretail.events.touchpoint.SurveyDetails;
import io.omniretail.events.touchpoint.SurveyKind;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.edge.Conversations;
import io.omniretail.ingestion.edge.InboundWebhooks.Keyed;
import io.omniretail.ingestion.edge.UnmappablePayload;
import io.omniretail.kit.EventMetadataFactory;

/**
 * A survey or review response to one SURVEY_RESPONSE touchpoint, its id derived from the provider and responseId (a
 * resent response is the same touchpoint), keyed by the response's customer. The score must lie on the survey's scale
 * (NPS: 0 to 10; otherwise 0 to scaleMax, 5 when not given). A reward for answering is loyalty's to grant.
 */
public final class SurveyMapper {

    private SurveyMapper() {
    }

    public static Keyed map(String provider, SurveyPayload survey) throws UnmappablePayload {
        if (!survey.customer().names()) {
            throw new UnmappablePayload("customer needs an email, a phone or an accountId");
        }
        SurveyKind kind = SurveyKind.valueOf(survey.kind().toUpperCase(Locale.ROOT));
        int scaleMax = kind == SurveyKind.NPS ? 10 : survey.scaleMax() != null ? survey.scaleMax() : 5;
        if (kind == SurveyKind.NPS && survey.scaleMax() != null && survey.scaleMax() != 10) {
            throw new UnmappablePayload("an NPS score is on a 0 to 10 scale: scaleMax must be 10 or absent");
        }
        if (survey.score() != null && survey.score() > scaleMax) {
            throw new UnmappablePayload("score " + survey.score() + " is above the scale's maximum " + scaleMax);
        }
        String comment = survey.comment();
        Map<String, String> attributes = new HashMap<>(Map.of("surveyProvider", provider));
        if (comment != null && comment.length() > Conversations.MAX_TEXT) {
            comment = comment.substring(0, Conversations.MAX_TEXT);
            attributes.put("textTruncated", "true");
        }
        String id = EventMetadataFactory.derivedId("survey", provider, survey.responseId());
        Touchpoint touchpoint = Touchpoint.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, survey.respondedAt().toInstant(), "survey:" + provider))
                .setTouchpointId(id)
                .setType(TouchpointType.SURVEY_RESPONSE)
                .setChannel(channel(survey.channel()))
                .setSourceSystem("survey")
                .setSourceReference(provider + ":" + survey.responseId())
                .setIdentity(survey.customer().hints())
                .setStoreId(survey.storeId())
                .setSurvey(SurveyDetails.newBuilder()
                        .setSurveyId(survey.surveyId())
                        .setResponseId(survey.responseId())
                        .setKind(kind)
                        .setScore(survey.score())
                        .setScaleMax(scaleMax)
                        .setComment(comment)
                        .setOrderId(survey.orderId())
                        .setProductSku(survey.productSku())
                        .setStoreId(survey.storeId())
                        .build())
                .setAttributes(attributes)
                .build();
        return new Keyed("survey:" + provider + ":" + survey.responseId(), touchpoint);
    }

    private static TouchpointChannel channel(String channel) {
        return switch (channel == null ? "web" : channel) {
            case "email" -> TouchpointChannel.EMAIL;
            case "app" -> TouchpointChannel.APP;
            case "sms" -> TouchpointChannel.SMS;
            case "line" -> TouchpointChannel.LINE;
            default -> TouchpointChannel.WEB;
        };
    }
}
