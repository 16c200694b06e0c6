#include "validate/workspace_reader.h"

#include "config/config_json.h"

#include "config/data_types.h"
#include "config/time_limits.h"
#include "log/log_categories.h"
#include "validate/duplicate_keys.h"
#include "validate/object_reader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

namespace ferry {

namespace {

using Json = nlohmann::json;

constexpr qsizetype kMaxFileNameBytes = 255; // NAME_MAX on Linux and macOS
using Need = ObjectReader::Need;

template <typename T>
T orDefault(std::optional<T> value)
{
    return value ? std::move(*value) : T();
}

std::optional<int> toInt(std::optional<qint64> value)
{
    return value ? std::optional<int>(int(*value)) : std::nullopt;
}

ConnectionSettings readConnection(ObjectReader &reader, bool isDestination)
{
    ConnectionSettings c;
    c.host = reader.string("host");
    c.port = toInt(reader.integer("port", 1, 65535));
    c.database = reader.string("database");
    c.username = reader.string("username");
    c.passwordEnv = reader.string("password_env");
    c.passwordKeychain = reader.boolean("password_keychain");
    c.path = reader.string("path");
    if (isDestination) {
        c.schema = reader.string("schema");
        c.remotePath = reader.string("remote_path");
    }
    c.sslMode = reader.string("ssl_mode");
    c.sslRootCert = reader.string("ssl_root_cert");
    c.connectTimeoutSeconds = toInt(reader.integer("connect_timeout_seconds", 1, 3600));
    if (const Json *tunnel = reader.object("ssh_tunnel")) {
        ObjectReader t(*tunnel, reader.file(), reader.pathOf(QStringLiteral("ssh_tunnel")), reader.report());
        SshTunnel ssh;
        ssh.host = orDefault(t.string("host", Need::Required));
        ssh.port = toInt(t.integer("port", 1, 65535));
        ssh.username = orDefault(t.string("username", Need::Required));
        ssh.privateKeyPath = t.string("private_key_path");
        ssh.knownHostsPath = t.string("known_hosts_path");
        t.finish();
        c.sshTunnel = ssh;
    }
    return c;
}

QString readName(ObjectReader &reader, const char *key, const QString &defaultName)
{
    const std::optional<QString> name = reader.string(key);
    if (name)
        return *name;
    if (defaultName.isEmpty())
        reader.report().error(reader.file(), QLatin1String(key), QStringLiteral("is required"));
    return defaultName;
}

void readSource(ObjectReader &r, const QString &defaultName, Workspace &into)
{
    Source s;
    s.id = orDefault(r.string("id"));
    s.name = readName(r, "name", defaultName);
    s.vendor = orDefault(r.string("vendor", Need::Required));
    s.connection = readConnection(r, false);
    s.tenancy = r.string("tenancy");
    s.lookbackSeconds = r.integer("lookback_seconds", 0, 7 * 24 * 3600);
    s.maxConcurrentTransfers = toInt(r.integer("max_concurrent_transfers", 1, 1000));
    s.maxConcurrentQueriesPerTransfer = toInt(r.integer("max_concurrent_queries_per_transfer", 1, 100));
    s.file = r.file();
    into.sources.append(s);
}

Column readColumn(const Json &json, const QString &file, const QString &path, ValidationReport &report)
{
    ObjectReader r(json, file, path, report);
    Column c;
    c.nameInSource = orDefault(r.string("name_in_source", Need::Required));
    c.nameInDestination = orDefault(r.string("name_in_destination", Need::Required));
    c.dataType = orDefault(r.string("data_type", Need::Required));
    c.isPrimaryKey = r.boolean("is_primary_key").value_or(false);
    c.isLastModified = r.boolean("is_last_modified").value_or(false);
    c.description = r.string("description");
    r.finish();
    return c;
}

void readModel(ObjectReader &r, const QString &defaultName, Workspace &into)
{
    Model m;
    m.id = orDefault(r.string("id"));
    m.name = readName(r, "model_name", defaultName);
    m.description = r.string("description");
    m.sourceTable = orDefault(r.string("source_table", Need::Required));
    m.sourceName = r.string("source_name");
    m.sourceId = r.string("source_id");
    m.organizationColumn = r.string("organization_column");
    m.maxTransferTimeWindowSeconds =
        r.integer("max_transfer_time_window_seconds", TimeLimits::kMinWindowSeconds, TimeLimits::kMaxWindowSeconds);
    m.minStartTimeEpoch = r.integer("min_start_time_epoch", 0);
    m.writeMode = r.string("write_mode");
    if (const Json *columns = r.array("columns", Need::Required)) {
        if (columns->empty())
            r.report().error(r.file(), QStringLiteral("columns"), QStringLiteral("must list at least one column"));
        for (std::size_t i = 0; i < columns->size(); ++i) {
            const QString path = QStringLiteral("columns[%1]").arg(i);
            if (!(*columns)[i].is_object()) {
                r.report().error(r.file(), path, QStringLiteral("must be an object"));
                continue;
            }
            m.columns.append(readColumn((*columns)[i], r.file(), path, r.report()));
        }
    }
    m.file = r.file();
    into.models.append(m);
}

void readProduct(ObjectReader &r, const QString &defaultName, Workspace &into)
{
    Product p;
    p.id = orDefault(r.string("id"));
    p.name = readName(r, "name", defaultName);
    p.description = r.string("description");
    p.models = orDefault(r.stringList("models", Need::Required));
    p.file = r.file();
    into.products.append(p);
}

void readRecipient(ObjectReader &r, const QString &defaultName, Workspace &into)
{
    Recipient p;
    p.id = orDefault(r.string("id"));
    p.name = readName(r, "name", defaultName);
    p.idInProviderSystem = orDefault(r.string("id_in_provider_system", Need::Required));
    p.products = orDefault(r.stringList("products"));
    p.defaultFullRefreshMinStartTimeEpoch = r.integer("default_full_refresh_min_start_time_epoch", 0);
    p.file = r.file();
    into.recipients.append(p);
}

void readDestination(ObjectReader &r, const QString &defaultName, Workspace &into)
{
    Destination d;
    d.id = orDefault(r.string("id"));
    d.name = readName(r, "name", defaultName);
    d.recipient = orDefault(r.string("recipient", Need::Required));
    d.vendor = orDefault(r.string("vendor", Need::Required));
    d.connection = readConnection(r, true);
    d.products = orDefault(r.stringList("products"));
    d.enabled = r.boolean("enabled");
    d.frequencyMinutes = toInt(r.integer("frequency_minutes", 0, 1440));
    d.maxConcurrentTransfers = toInt(r.integer("max_concurrent_transfers", 1, 1000));
    d.maxConcurrentQueriesPerTransfer = toInt(r.integer("max_concurrent_queries_per_transfer", 1, 100));
    d.format = r.string("format");
    d.compression = r.string("compression");
    d.file = r.file();
    into.destinations.append(d);
}

// Prequel model files may leave out model_name; Ferry lets every kind take its name from its file that way.
QString defaultNameFor(const QString &fileName)
{
    return WorkspaceReader::nameFromFileName(fileName);
}

QString systemReason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Why Ferry cannot read `path` as a folder (`wantFolder`) or as a regular file; empty when it can. Looks with
// stat() and never opens the path: opening a FIFO would wait for a writer forever.
QString whyUnreadable(const QString &path, bool wantFolder)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat target;
    if (::stat(native.constData(), &target) != 0) {
        const int error = errno;
        struct stat link;
        if (::lstat(native.constData(), &link) != 0 || !S_ISLNK(link.st_mode))
            return QStringLiteral("cannot be read: %1").arg(systemReason(error));
        if (error == ELOOP)
            return QStringLiteral("is a symbolic link loop");
        return QStringLiteral("is a symbolic link to %1, which %2")
            .arg(QFile::symLinkTarget(path),
                 error == ENOENT ? QStringLiteral("does not exist") : QStringLiteral("cannot be read: ") + systemReason(error));
    }
    if (wantFolder && !S_ISDIR(target.st_mode))
        return S_ISREG(target.st_mode) ? QStringLiteral("is a file, not a folder") : QStringLiteral("is not a folder");
    if (!wantFolder && S_ISDIR(target.st_mode))
        return QStringLiteral("is a folder, not a file");
    if (!wantFolder && !S_ISREG(target.st_mode))
        return QStringLiteral("is not a regular file (a FIFO, socket or device)");
    if (::access(native.constData(), wantFolder ? R_OK | X_OK : R_OK) != 0)
        return QStringLiteral("cannot be read: %1").arg(systemReason(errno));
    return {};
}

// A path that is there in any form, even as a dangling symbolic link.
bool isPresent(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() || info.isSymLink();
}

} // namespace

QString WorkspaceReader::nameFromFileName(const QString &fileName)
{
    const QString base = QFileInfo(fileName).fileName();
    return base.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? base.chopped(5) : base;
}

QString WorkspaceReader::fileNameFor(const QString &name)
{
    const QString plain = name + QStringLiteral(".json");
    const bool fits = !name.isEmpty() && !name.startsWith(QLatin1Char('.')) && !name.contains(QLatin1Char('/'))
                      && !name.contains(QChar(0)) && plain.toUtf8().size() <= kMaxFileNameBytes;
    if (fits)
        return plain;
    // The hash keeps two names that shorten alike apart.
    const QString suffix = QLatin1Char('~')
                           + QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256)
                                                     .toHex()
                                                     .left(16))
                           + QStringLiteral(".json");
    QString stem = name;
    stem.replace(QLatin1Char('/'), QLatin1Char('_')).replace(QChar(0), QLatin1Char('_'));
    if (stem.startsWith(QLatin1Char('.')))
        stem[0] = QLatin1Char('_');
    while ((stem + suffix).toUtf8().size() > kMaxFileNameBytes) {
        stem.chop(1);
        if (!stem.isEmpty() && stem.back().isHighSurrogate()) // never half a character
            stem.chop(1);
    }
    return stem + suffix;
}

bool WorkspaceReader::readText(ObjectKind kind, const QByteArray &text, const QString &label,
                               const QString &defaultName, Workspace &into, ValidationReport &report)
{
    Json json;
    try {
        json = Json::parse(text.constData(), text.constData() + text.size());
    } catch (const Json::parse_error &error) {
        // nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ...":
        // keep the position and the reason.
        QString reason = QString::fromStdString(error.what());
        const qsizetype at = reason.indexOf(QLatin1String(" at line "));
        reason = at >= 0 ? reason.mid(at + 1) : reason;
        report.error(label, {}, QStringLiteral("invalid JSON ") + reason);
        return false;
    }
    // Refused, not resolved: which of two values the author meant is theirs to say.
    for (const DuplicateKeys::Duplicate &duplicate : DuplicateKeys::find(QByteArrayView(text))) {
        report.error(label, duplicate.path,
                     QStringLiteral("appears twice in one object, on lines %1 and %2; keep one")
                         .arg(duplicate.firstLine)
                         .arg(duplicate.secondLine));
    }
    if (!json.is_object()) {
        report.error(label, {}, QStringLiteral("must hold one JSON object describing a %1").arg(kindName(kind)));
        return false;
    }
    const qsizetype firstIssue = report.size();
    ObjectReader reader(json, label, {}, report);
    switch (kind) {
    case ObjectKind::Source:
        readSource(reader, defaultName, into);
        break;
    case ObjectKind::Model:
        readModel(reader, defaultName, into);
        break;
    case ObjectKind::Product:
        readProduct(reader, defaultName, into);
        break;
    case ObjectKind::Recipient:
        readRecipient(reader, defaultName, into);
        break;
    case ObjectKind::Destination:
        readDestination(reader, defaultName, into);
        break;
    }
    reader.finish();
    const QStringList names = into.names(kind);
    report.attribute(firstIssue, kind, names.isEmpty() ? QString() : names.last());
    return true;
}

void WorkspaceReader::readKindFolder(ObjectKind kind, const QString &folder, const QString &labelPrefix,
                                     Workspace &into, ValidationReport &report)
{
    // A kind folder Ferry cannot list would otherwise read as empty, and apply would remove all its objects.
    if (const QString why = whyUnreadable(folder, true); !why.isEmpty()) {
        report.error(labelPrefix.isEmpty() ? folder : labelPrefix.chopped(1), {}, why);
        return;
    }
    const QDir dir(folder);
    // Every *.json entry, whatever it is: QDir::Files alone would skip dangling links, loops, FIFOs and folders.
    const QStringList files = dir.entryList({QStringLiteral("*.json")},
                                            QDir::Files | QDir::Dirs | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &fileName : files) {
        const QString label = labelPrefix + fileName;
        if (const QString why = whyUnreadable(dir.filePath(fileName), false); !why.isEmpty()) {
            report.error(label, {}, why);
            continue;
        }
        QFile file(dir.filePath(fileName));
        if (!file.open(QIODevice::ReadOnly)) {
            report.error(label, {}, QStringLiteral("cannot be read: %1").arg(file.errorString()));
            continue;
        }
        readText(kind, file.readAll(), label, defaultNameFor(fileName), into, report);
    }
}

Workspace WorkspaceReader::readFolder(const QString &folder, ValidationReport &report)
{
    Workspace workspace;
    const QDir root(folder);
    if (!isPresent(folder)) {
        report.error(folder, {}, QStringLiteral("no such folder"));
        return workspace;
    }
    if (const QString why = whyUnreadable(folder, true); !why.isEmpty()) {
        report.error(folder, {}, why);
        return workspace;
    }
    bool foundAny = false;
    for (ObjectKind kind : kAllObjectKinds) {
        const QString sub = folderName(kind);
        if (!isPresent(root.filePath(sub)))
            continue;
        foundAny = true;
        readKindFolder(kind, root.filePath(sub), sub + QLatin1Char('/'), workspace, report);
    }
    if (!foundAny) {
        report.error(folder, {},
                     QStringLiteral("is not a workspace folder: it has none of sources/, models/, products/, "
                                    "recipients/, destinations/"));
    }
    qCDebug(lcValidate) << "read" << workspace.objectCount() << "objects from" << folder;
    return workspace;
}

Workspace WorkspaceReader::readFile(const QString &filePath, ValidationReport &report)
{
    Workspace workspace;
    const QFileInfo info(filePath);
    const QString parent = info.dir().dirName();
    const ObjectKind kind = kindFromFolderName(parent).value_or(ObjectKind::Model);
    const QString label = kindFromFolderName(parent) ? parent + QLatin1Char('/') + info.fileName() : info.fileName();
    if (const QString why = whyUnreadable(filePath, false); !why.isEmpty()) {
        report.error(label, {}, why);
        return workspace;
    }
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        report.error(label, {}, QStringLiteral("cannot be read: %1").arg(file.errorString()));
        return workspace;
    }
    readText(kind, file.readAll(), label, defaultNameFor(info.fileName()), workspace, report);
    return workspace;
}

void WorkspaceReader::readBack(const Workspace &objects, ValidationReport &report)
{
    for (ObjectKind kind : kAllObjectKinds) {
        const QStringList names = objects.names(kind);
        for (qsizetype i = 0; i < names.size(); ++i) {
            const QString text = ConfigJson::toCanonicalText(ConfigJson::toJson(objects, kind, i, false));
            const QString label = folderName(kind) + QLatin1Char('/') + fileNameFor(names[i]);
            Workspace ignored;
            const qsizetype first = report.size();
            readText(kind, text.toUtf8(), label, names[i], ignored, report);
            report.attribute(first, kind, names[i], label);
        }
    }
}

} // namespace ferry
