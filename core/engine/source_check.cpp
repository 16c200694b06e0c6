#include "engine/source_check.h"

#include "connectors/source_reader.h"

namespace ferry {

Result<QList<ModelCheck>> SourceCheck::run(const Workspace &workspace, const QString &sourceName)
{
    const Source *source = workspace.source(sourceName);
    if (!source)
        return Error{QStringLiteral("FERRY-REQUEST"), QStringLiteral("Unknown source"),
                     QStringLiteral("no source is named \"%1\"").arg(sourceName), {}, Blame::Config};
    // Schema-tenanted sources keep one schema per recipient: any recipient's schema shows the table's shape.
    Recipient sample;
    sample.name = QStringLiteral("(check)");
    if (!workspace.recipients.isEmpty())
        sample = workspace.recipients.first();
    QList<ModelCheck> checks;
    for (const Model &model : workspace.models) {
        if (workspace.sourceOf(model) != source)
            continue;
        ModelCheck check;
        check.model = model.name;
        Result<SourceQuerySpec> spec = SourceQuerySpec::build(*source, model, sample);
        if (!spec) {
            check.error = spec.error();
            checks << check;
            continue;
        }
        Result<std::unique_ptr<SourceReader>> reader = SourceReader::open(*source, *spec);
        if (!reader)
            return reader.error();
        // An empty window still parses and plans the real statement: missing tables and columns show up here.
        Result<qint64> probe = (*reader)->estimateRows({"1970-01-01T00:00:00.000000Z", "1970-01-01T00:00:00.000000Z"});
        if (!probe)
            check.error = probe.error();
        else
            check.warnings = (*reader)->cursorLint();
        checks << check;
    }
    return checks;
}

} // namespace ferry
