#include "loading/log_export.h"

#include "api/transfer_json.h"

#include <QSaveFile>

namespace ferry::ui {

namespace {

constexpr int kBatch = 1000;

Error fileError(const QString &path, const QString &reason)
{
    Error error;
    error.code = QStringLiteral("FERRY-UI-EXPORT");
    error.title = QStringLiteral("Could not export the log");
    error.message = QStringLiteral("%1: %2").arg(path, reason);
    error.hint = QStringLiteral("Choose a folder you can write to.");
    return error;
}

} // namespace

Result<qint64> LogExport::write(QSqlDatabase db, const LogQuery &query, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(path, file.errorString());
    LogStore store(db);
    qint64 written = 0;
    qint64 afterId = 0;
    // Keyset batches, so a million events never sit in memory at once.
    for (;;) {
        const auto events = store.newerThan(query, afterId, kBatch);
        if (!events)
            return events.error(); // QSaveFile discards the partial file
        for (const LogEvent &event : *events) {
            const std::string line = TransferJson::toJson(event).dump() + '\n';
            if (file.write(line.data(), qint64(line.size())) != qint64(line.size()))
                return fileError(path, file.errorString());
            afterId = event.id;
            ++written;
        }
        if (events->size() < kBatch)
            break;
    }
    if (!file.commit())
        return fileError(path, file.errorString());
    return written;
}

} // namespace ferry::ui
