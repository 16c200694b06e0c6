#include "api/transfer_json.h"

namespace ferry {

using Json = nlohmann::ordered_json;

namespace {

Json text(const QString &value)
{
    return value.isEmpty() ? Json() : Json(value.toStdString());
}

Json errorJson(const std::optional<Error> &error, const QString &phase)
{
    if (!error)
        return Json();
    return Json{{"error_code", error->code.toStdString()}, {"title", error->title.toStdString()},
                {"message", error->message.toStdString()}, {"blame", blameName(error->blame).toStdString()},
                {"hint", error->hint.toStdString()}, {"phase", text(phase)}};
}

} // namespace

Json TransferJson::time(const QDateTime &time)
{
    return time.isValid() ? Json(time.toUTC().toString(Qt::ISODateWithMs).toStdString()) : Json();
}

Json TransferJson::toJson(const TransferRecord &record)
{
    Json models = Json::array();
    for (const QString &model : record.models)
        models.push_back(model.toStdString());
    Json tags = Json::object();
    for (auto it = record.tags.cbegin(); it != record.tags.cend(); ++it)
        tags[it.key().toStdString()] = it.value().toStdString();
    // Without an explicit window, the transfer's window spans its models' windows.
    QString windowStart = record.windowStart, windowEnd = record.windowEnd;
    Json metrics = Json::array();
    for (const ModelMetrics &m : record.modelMetrics) {
        if (record.windowStart.isEmpty() && !m.cursorFrom.isEmpty()) {
            if (windowStart.isEmpty() || m.cursorFrom < windowStart)
                windowStart = m.cursorFrom;
            if (m.cursorTo > windowEnd)
                windowEnd = m.cursorTo;
        }
        metrics.push_back(Json{{"model_name", m.modelName.toStdString()},
                               {"status", m.status.toStdString()},
                               {"mode", text(m.mode)},
                               {"rows_transferred", m.rowsWritten},
                               {"rows_read", m.rowsRead},
                               {"bytes", m.bytes},
                               {"windows_done", m.windowsDone},
                               {"windows_planned", m.windowsPlanned},
                               {"start_transfer_window_at", text(m.cursorFrom)},
                               {"end_transfer_window_at", text(m.cursorTo)},
                               {"most_recent_last_updated_at", text(m.mostRecentLastUpdatedAt)},
                               {"started_at", time(m.startedAt)},
                               {"ended_at", time(m.endedAt)},
                               {"error", errorJson(m.error, m.errorPhase)}});
    }
    return Json{{"id", record.id.toStdString()},
                {"status", record.status.toStdString()},
                {"destination", record.destinationName.toStdString()},
                {"recipient", record.recipientName.toStdString()},
                {"is_full_refresh", record.fullRefresh},
                {"models", models},
                {"tags", tags},
                {"submitted_at", time(record.submittedAt)},
                {"started_at", time(record.startedAt)},
                {"ended_at", time(record.endedAt)},
                {"start_transfer_window_at", text(windowStart)},
                {"end_transfer_window_at", text(windowEnd)},
                {"rows_transferred", record.rowsTransferred},
                {"volume_transferred_in_mb", double(record.bytesTransferred) / 1e6},
                {"error", errorJson(record.error, {})},
                {"model_metrics", metrics}};
}

Json TransferJson::toJson(const LogEvent &event)
{
    Json fields = Json::parse(event.fields.toStdString(), nullptr, false);
    return Json{{"id", event.id},
                {"at", time(event.at)},
                {"level", event.level.toStdString()},
                {"category", event.category.toStdString()},
                {"transfer_id", text(event.transferId)},
                {"model_name", text(event.modelName)},
                {"phase", text(event.phase)},
                {"message", event.message.toStdString()},
                {"fields", fields.is_discarded() ? Json::object() : fields}};
}

} // namespace ferry
