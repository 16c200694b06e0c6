// ferryctl preview MODEL --recipient NAME: the newest rows that recipient would receive for the model (issue 15).
#include "cli.h"

#include "engine/row_preview.h"

#include <nlohmann/json.hpp>

namespace ferryctl {

namespace {

constexpr int kMaxCellWidth = 40;

std::string s(const QString &text) { return text.toStdString(); }

nlohmann::ordered_json toJson(const ferry::PreviewRows &preview, const QString &model, const QString &recipient)
{
    nlohmann::ordered_json columns = nlohmann::ordered_json::array();
    for (qsizetype i = 0; i < preview.columns.size(); ++i)
        columns.push_back({{"name", s(preview.columns[i])}, {"type", s(preview.types.value(i))}});
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const QStringList &row : preview.rows) {
        nlohmann::ordered_json values = nlohmann::ordered_json::array();
        for (const QString &value : row)
            values.push_back(value.isNull() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s(value)));
        rows.push_back(values);
    }
    return {{"model", s(model)},        {"recipient", s(recipient)}, {"tenant", s(preview.tenant)},
            {"columns", columns},       {"rows", rows},              {"more", preview.more},
            {"query", s(preview.query)}};
}

// A value as one table cell: NULL for a null, long values cut, line breaks and tabs shown as escapes.
QString cell(const QString &value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    QString text = value;
    text.replace(QLatin1Char('\n'), QLatin1String("\\n")).replace(QLatin1Char('\t'), QLatin1String("\\t"));
    return text.size() > kMaxCellWidth ? text.left(kMaxCellWidth - 1) + QChar(0x2026) : text;
}

void printTable(QTextStream &out, const ferry::PreviewRows &preview)
{
    QList<QStringList> lines = {preview.columns};
    for (const QStringList &row : preview.rows) {
        QStringList cells;
        for (const QString &value : row)
            cells << cell(value);
        lines << cells;
    }
    QList<qsizetype> widths(preview.columns.size(), 0);
    for (const QStringList &line : std::as_const(lines)) {
        for (qsizetype i = 0; i < line.size() && i < widths.size(); ++i)
            widths[i] = qMax(widths[i], line[i].size());
    }
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QStringList padded;
        for (qsizetype i = 0; i < lines[n].size(); ++i)
            padded << lines[n][i].leftJustified(widths.value(i));
        out << padded.join(QStringLiteral(" | ")).trimmed() << "\n";
        if (n == 0) {
            QStringList rule;
            for (const qsizetype width : std::as_const(widths))
                rule << QString(width, QLatin1Char('-'));
            out << rule.join(QStringLiteral("-+-")) << "\n";
        }
    }
}

} // namespace

int runPreview(const CommandContext &context)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the newest rows (by the model's last-modified column) one recipient would receive for a model, read "
        "from the source with the recipient's tenant bound as a transfer binds it. Writes nothing."));
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("Model name."));
    const QCommandLineOption recipient(QStringLiteral("recipient"), QStringLiteral("Whose rows (recipient name)."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("At most N rows, 1 to 10000 (50)."),
                                   QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Seconds before the source stops the query, 1 to 3600 (15)."),
                                     QStringLiteral("SECONDS"), QStringLiteral("15"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON: columns, rows (null for NULL), "
                                                                         "tenant, more, query."));
    parser.addOptions({recipient, limit, timeout, json});
    int exitCode = kOk;
    const QString modelName = context.parseOne(parser, "model name", QStringLiteral("events --recipient acme"), exitCode);
    if (modelName.isEmpty())
        return exitCode;
    if (!parser.isSet(recipient) || parser.value(recipient).isEmpty()) {
        context.err << "ferryctl preview: --recipient NAME is required\n";
        return kBadInput;
    }
    const std::optional<qint64> limitValue = context.integerOption(parser, limit, 1, 10000, exitCode);
    if (!limitValue)
        return exitCode;
    const std::optional<qint64> timeoutValue = context.integerOption(parser, timeout, 1, 3600, exitCode);
    if (!timeoutValue)
        return exitCode;

    const std::optional<ferry::Workspace> workspace = context.loadWorkspace(exitCode);
    if (!workspace)
        return exitCode;
    const ferry::Model *model = workspace->model(modelName);
    if (!model) {
        context.err << "ferryctl preview: no model is named \"" << modelName << "\"\n";
        return kBadInput;
    }
    const ferry::Recipient *who = workspace->recipient(parser.value(recipient));
    if (!who) {
        context.err << "ferryctl preview: no recipient is named \"" << parser.value(recipient) << "\"\n";
        return kBadInput;
    }
    const auto preview = ferry::RowPreview::read(*workspace, *model, *who, {int(*limitValue), int(*timeoutValue)});
    if (!preview)
        return context.fail(preview.error());
    if (parser.isSet(json)) {
        context.out << QString::fromStdString(toJson(*preview, model->name, who->name).dump(2)) << "\n";
        return kOk;
    }
    printTable(context.out, *preview);
    context.out << "(" << preview->rows.size() << (preview->rows.size() == 1 ? " row" : " rows") << " of tenant \""
                << preview->tenant << "\", newest first" << (preview->more ? "; the source has more" : "") << ")\n";
    return kOk;
}

} // namespace ferryctl
