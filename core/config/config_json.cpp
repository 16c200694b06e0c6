#include "config/config_json.h"

namespace ferry {

namespace {

using Json = ConfigJson::Json;

std::string utf8(const QString &text) { return text.toStdString(); }

void put(Json &json, const char *key, const std::optional<QString> &value)
{
    if (value)
        json[key] = utf8(*value);
}

template <typename Number>
void put(Json &json, const char *key, const std::optional<Number> &value)
{
    if (value)
        json[key] = *value;
}

Json stringArray(const QStringList &values)
{
    Json array = Json::array();
    for (const QString &value : values)
        array.push_back(utf8(value));
    return array;
}

void putConnection(Json &json, const ConnectionSettings &c)
{
    put(json, "host", c.host);
    put(json, "port", c.port);
    put(json, "database", c.database);
    put(json, "schema", c.schema);
    put(json, "username", c.username);
    put(json, "password_env", c.passwordEnv);
    put(json, "password_keychain", c.passwordKeychain);
    put(json, "path", c.path);
    put(json, "remote_path", c.remotePath);
    put(json, "ssl_mode", c.sslMode);
    put(json, "ssl_root_cert", c.sslRootCert);
    put(json, "connect_timeout_seconds", c.connectTimeoutSeconds);
    if (c.sshTunnel) {
        Json tunnel = Json::object();
        tunnel["host"] = utf8(c.sshTunnel->host);
        put(tunnel, "port", c.sshTunnel->port);
        tunnel["username"] = utf8(c.sshTunnel->username);
        put(tunnel, "private_key_path", c.sshTunnel->privateKeyPath);
        put(tunnel, "known_hosts_path", c.sshTunnel->knownHostsPath);
        json["ssh_tunnel"] = tunnel;
    }
}

Json header(const QString &id, const char *nameKey, const QString &name, bool withId)
{
    Json json = Json::object();
    if (withId && !id.isEmpty())
        json["id"] = utf8(id);
    json[nameKey] = utf8(name);
    return json;
}

} // namespace

Json ConfigJson::toJson(const Source &source, bool withId)
{
    Json json = header(source.id, "name", source.name, withId);
    json["vendor"] = utf8(source.vendor);
    putConnection(json, source.connection);
    put(json, "tenancy", source.tenancy);
    put(json, "lookback_seconds", source.lookbackSeconds);
    put(json, "max_concurrent_transfers", source.maxConcurrentTransfers);
    put(json, "max_concurrent_queries_per_transfer", source.maxConcurrentQueriesPerTransfer);
    return json;
}

Json ConfigJson::toJson(const Model &model, bool withId)
{
    Json json = header(model.id, "model_name", model.name, withId);
    put(json, "description", model.description);
    put(json, "source_name", model.sourceName);
    put(json, "source_id", model.sourceId);
    json["source_table"] = utf8(model.sourceTable);
    put(json, "organization_column", model.organizationColumn);
    put(json, "write_mode", model.writeMode);
    put(json, "max_transfer_time_window_seconds", model.maxTransferTimeWindowSeconds);
    put(json, "min_start_time_epoch", model.minStartTimeEpoch);
    Json columns = Json::array();
    for (const Column &column : model.columns) {
        Json c = Json::object();
        c["name_in_source"] = utf8(column.nameInSource);
        c["name_in_destination"] = utf8(column.nameInDestination);
        c["data_type"] = utf8(column.dataType);
        c["is_primary_key"] = column.isPrimaryKey;
        c["is_last_modified"] = column.isLastModified;
        put(c, "description", column.description);
        columns.push_back(c);
    }
    json["columns"] = columns;
    return json;
}

Json ConfigJson::toJson(const Product &product, bool withId)
{
    Json json = header(product.id, "name", product.name, withId);
    put(json, "description", product.description);
    json["models"] = stringArray(product.models);
    return json;
}

Json ConfigJson::toJson(const Recipient &recipient, bool withId)
{
    Json json = header(recipient.id, "name", recipient.name, withId);
    json["id_in_provider_system"] = utf8(recipient.idInProviderSystem);
    json["products"] = stringArray(recipient.products);
    put(json, "default_full_refresh_min_start_time_epoch", recipient.defaultFullRefreshMinStartTimeEpoch);
    return json;
}

Json ConfigJson::toJson(const Destination &destination, bool withId)
{
    Json json = header(destination.id, "name", destination.name, withId);
    json["recipient"] = utf8(destination.recipient);
    json["vendor"] = utf8(destination.vendor);
    putConnection(json, destination.connection);
    json["products"] = stringArray(destination.products);
    put(json, "enabled", destination.enabled);
    put(json, "frequency_minutes", destination.frequencyMinutes);
    put(json, "max_concurrent_transfers", destination.maxConcurrentTransfers);
    put(json, "max_concurrent_queries_per_transfer", destination.maxConcurrentQueriesPerTransfer);
    put(json, "format", destination.format);
    put(json, "compression", destination.compression);
    return json;
}

Json ConfigJson::toJson(const Workspace &workspace, ObjectKind kind, qsizetype index, bool withId)
{
    switch (kind) {
    case ObjectKind::Source:
        return toJson(workspace.sources.at(index), withId);
    case ObjectKind::Model:
        return toJson(workspace.models.at(index), withId);
    case ObjectKind::Product:
        return toJson(workspace.products.at(index), withId);
    case ObjectKind::Recipient:
        return toJson(workspace.recipients.at(index), withId);
    case ObjectKind::Destination:
        break;
    }
    return toJson(workspace.destinations.at(index), withId);
}

QString ConfigJson::toFileText(const Json &json)
{
    return QString::fromStdString(json.dump(2)) + QLatin1Char('\n');
}

QString ConfigJson::toCanonicalText(const Json &json)
{
    return QString::fromStdString(json.dump());
}

} // namespace ferry
