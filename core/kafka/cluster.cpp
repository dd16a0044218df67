#include "core/kafka/cluster.h"

#include "core/kafka/client.h"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include <spdlog/spdlog.h>

namespace tributary::kafka {
namespace {

int ms(std::chrono::milliseconds d) { return static_cast<int>(d.count()); }

struct MetadataDeleter {
  void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};
using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>;

bool isInternal(const std::string& topic) { return topic.rfind("__", 0) == 0; }

TopicInfo toTopicInfo(const rd_kafka_metadata_topic_t& t) {
  TopicInfo info;
  info.name = t.topic;
  info.internal = isInternal(info.name);
  for (int p = 0; p < t.partition_cnt; ++p) {
    const auto& mp = t.partitions[p];
    PartitionInfo part;
    part.id = mp.id;
    part.leader = mp.leader;
    part.replicas.assign(mp.replicas, mp.replicas + mp.replica_cnt);
    part.isr.assign(mp.isrs, mp.isrs + mp.isr_cnt);
    info.partitions.push_back(std::move(part));
  }
  std::sort(info.partitions.begin(), info.partitions.end(),
            [](const PartitionInfo& a, const PartitionInfo& b) { return a.id < b.id; });
  if (!info.partitions.empty()) info.replicationFactor = static_cast<int>(info.partitions.front().replicas.size());
  return info;
}

// Checks the per-topic error of a CreateTopics/DeleteTopics/CreatePartitions result.
Status topicResultStatus(const rd_kafka_topic_result_t** results, size_t count, const std::string& what,
                         const Client& client) {
  for (size_t i = 0; i < count; ++i) {
    if (rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i])) {
      Error e = client.error(err, what);
      if (const char* detail = rd_kafka_topic_result_error_string(results[i]); detail && *detail)
        e.message = what + " failed: " + detail;
      return e;
    }
  }
  return {};
}

std::vector<std::pair<std::string, std::int32_t>> partitionsOf(const rd_kafka_topic_partition_list_t* list) {
  std::vector<std::pair<std::string, std::int32_t>> out;
  if (!list) return out;
  for (int i = 0; i < list->cnt; ++i) out.emplace_back(list->elems[i].topic, list->elems[i].partition);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::int64_t TopicInfo::messages() const {
  std::int64_t total = 0;
  for (const auto& p : partitions) total += p.messages();
  return total;
}

std::int64_t GroupDetail::totalLag() const {
  std::int64_t total = 0;
  for (const auto& o : offsets) total += o.lag();
  return total;
}

ClusterClient::ClusterClient(ClusterConfig config, std::unique_ptr<Client> client, std::chrono::milliseconds timeout)
    : m_config(std::move(config)), m_client(std::move(client)), m_timeout(timeout) {}

ClusterClient::~ClusterClient() = default;

const std::string& ClusterClient::bootstrap() const { return m_client->bootstrap(); }

Result<std::unique_ptr<ClusterClient>> ClusterClient::connect(const ClusterConfig& cluster,
                                                              std::chrono::milliseconds timeout) {
  // The admin handle is a producer: it also serves produce() and never joins a group.
  auto client = Client::create(cluster, Client::Kind::Producer,
                               {{"socket.connection.setup.timeout.ms", std::to_string(timeout.count())},
                                {"enable.idempotence", "false"}});
  if (!client) return client.error();
  std::unique_ptr<ClusterClient> cc(new ClusterClient(cluster, std::move(*client), timeout));
  // Fail now, with a clear reason, when nothing answers.
  auto md = cc->metadata(nullptr);
  if (!md) return md.error();
  rd_kafka_metadata_destroy(*md);
  return cc;
}

Result<const rd_kafka_metadata_t*> ClusterClient::metadata(const std::string*) {
  const rd_kafka_metadata_t* md = nullptr;
  // Always ask for all topics: asking for one topic by handle may auto-create it.
  rd_kafka_resp_err_t err = rd_kafka_metadata(m_client->handle(), 1, nullptr, &md, ms(m_timeout));
  if (err == RD_KAFKA_RESP_ERR__TIMED_OUT || err == RD_KAFKA_RESP_ERR__TRANSPORT)
    return m_client->timeoutError("read the cluster's metadata", m_timeout);
  if (err) return m_client->error(err, "reading metadata");
  return md;
}

Result<ClusterOverview> ClusterClient::overview() {
  auto raw = metadata(nullptr);
  if (!raw) return raw.error();
  MetadataPtr md(*raw);
  ClusterOverview o;
  o.bootstrap = m_client->bootstrap();
  o.controllerId = rd_kafka_controllerid(m_client->handle(), ms(m_timeout));
  for (int i = 0; i < md->broker_cnt; ++i) {
    const auto& b = md->brokers[i];
    o.brokers.push_back(BrokerInfo{b.id, b.host, b.port, "", b.id == o.controllerId});
  }
  std::sort(o.brokers.begin(), o.brokers.end(), [](const BrokerInfo& a, const BrokerInfo& b) { return a.id < b.id; });
  for (int i = 0; i < md->topic_cnt; ++i) {
    TopicInfo t = toTopicInfo(md->topics[i]);
    ++o.topics;
    o.partitions += static_cast<int>(t.partitions.size());
    for (const auto& p : t.partitions) o.underReplicatedPartitions += p.underReplicated();
  }
  return o;
}

Result<std::vector<std::pair<std::int64_t, std::int64_t>>> ClusterClient::watermarks(
    const std::string& topic, const std::vector<std::int32_t>& partitions) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out(partitions.size(), {-1, -1});
  // ListOffsets with the special timestamps -2 (earliest) and -1 (latest): one
  // request per broker for all partitions, instead of one per partition.
  for (std::int64_t which : {RD_KAFKA_OFFSET_BEGINNING, RD_KAFKA_OFFSET_END}) {
    PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
    for (std::int32_t p : partitions) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset = which;
    rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(m_client->handle(), list.get(), ms(m_timeout));
    if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) return m_client->timeoutError("read offsets of " + topic, m_timeout);
    if (err) return m_client->error(err, "reading offsets of " + topic);
    for (int i = 0; i < list->cnt; ++i) {
      const auto& e = list->elems[i];
      if (e.err) return m_client->error(e.err, "reading offsets of " + topic + "/" + std::to_string(e.partition));
      auto it = std::find(partitions.begin(), partitions.end(), e.partition);
      auto& slot = out[static_cast<size_t>(it - partitions.begin())];
      (which == RD_KAFKA_OFFSET_BEGINNING ? slot.first : slot.second) = e.offset;
    }
  }
  return out;
}

Result<std::vector<std::int64_t>> ClusterClient::offsetsForTime(const std::string& topic,
                                                                const std::vector<std::int32_t>& partitions,
                                                                std::int64_t timestampMs) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
  for (std::int32_t p : partitions) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset = timestampMs;
  rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(m_client->handle(), list.get(), ms(m_timeout));
  if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) return m_client->timeoutError("look up offsets by time", m_timeout);
  if (err) return m_client->error(err, "looking up offsets by time in " + topic);
  auto marks = watermarks(topic, partitions);
  if (!marks) return marks.error();
  std::vector<std::int64_t> out(partitions.size(), -1);
  for (int i = 0; i < list->cnt; ++i) {
    const auto& e = list->elems[i];
    if (e.err) return m_client->error(e.err, "looking up offsets by time in " + topic);
    size_t index = static_cast<size_t>(std::find(partitions.begin(), partitions.end(), e.partition) - partitions.begin());
    // -1 means "no message at or after that time": start at the end.
    out[index] = e.offset >= 0 ? e.offset : (*marks)[index].second;
  }
  return out;
}

Result<std::vector<TopicInfo>> ClusterClient::topics(bool includeInternal) {
  auto raw = metadata(nullptr);
  if (!raw) return raw.error();
  MetadataPtr md(*raw);
  std::vector<TopicInfo> out;
  for (int i = 0; i < md->topic_cnt; ++i) {
    if (md->topics[i].err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) continue;  // being deleted
    TopicInfo t = toTopicInfo(md->topics[i]);
    if (t.internal && !includeInternal) continue;
    out.push_back(std::move(t));
  }
  std::sort(out.begin(), out.end(), [](const TopicInfo& a, const TopicInfo& b) { return a.name < b.name; });
  for (TopicInfo& t : out) {
    std::vector<std::int32_t> ids;
    for (const auto& p : t.partitions) ids.push_back(p.id);
    if (ids.empty()) continue;
    auto marks = watermarks(t.name, ids);
    if (!marks) return marks.error();
    for (size_t i = 0; i < ids.size(); ++i) std::tie(t.partitions[i].low, t.partitions[i].high) = (*marks)[i];
  }
  return out;
}

Result<TopicInfo> ClusterClient::describeTopic(const std::string& topic) {
  auto raw = metadata(nullptr);
  if (!raw) return raw.error();
  MetadataPtr md(*raw);
  for (int i = 0; i < md->topic_cnt; ++i) {
    if (topic != md->topics[i].topic) continue;
    if (md->topics[i].err) return m_client->error(md->topics[i].err, "describing topic " + topic);
    TopicInfo t = toTopicInfo(md->topics[i]);
    std::vector<std::int32_t> ids;
    for (const auto& p : t.partitions) ids.push_back(p.id);
    auto marks = watermarks(t.name, ids);
    if (!marks) return marks.error();
    for (size_t k = 0; k < ids.size(); ++k) std::tie(t.partitions[k].low, t.partitions[k].high) = (*marks)[k];
    return t;
  }
  return makeError(ErrorCode::NotFound, "there is no topic \"" + topic + "\"", m_client->bootstrap());
}

Result<std::vector<ConfigEntry>> ClusterClient::topicConfigs(const std::string& topic) {
  rd_kafka_ConfigResource_t* resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
  auto event = runAdmin(*m_client, "describing the configuration of " + topic, m_timeout,
                        [&](rd_kafka_queue_t* q, rd_kafka_AdminOptions_t* o) {
                          rd_kafka_DescribeConfigs(m_client->handle(), &resource, 1, o, q);
                        });
  rd_kafka_ConfigResource_destroy(resource);
  if (!event) return event.error();
  const auto* result = rd_kafka_event_DescribeConfigs_result(event->get());
  size_t count = 0;
  const rd_kafka_ConfigResource_t** resources = rd_kafka_DescribeConfigs_result_resources(result, &count);
  std::vector<ConfigEntry> out;
  for (size_t i = 0; i < count; ++i) {
    if (rd_kafka_resp_err_t err = rd_kafka_ConfigResource_error(resources[i]))
      return m_client->error(err, "describing the configuration of " + topic);
    size_t n = 0;
    const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(resources[i], &n);
    for (size_t k = 0; k < n; ++k) {
      ConfigEntry e;
      e.name = rd_kafka_ConfigEntry_name(entries[k]);
      const char* value = rd_kafka_ConfigEntry_value(entries[k]);
      e.value = value ? value : "";
      e.isDefault = rd_kafka_ConfigEntry_is_default(entries[k]);
      e.readOnly = rd_kafka_ConfigEntry_is_read_only(entries[k]);
      e.sensitive = rd_kafka_ConfigEntry_is_sensitive(entries[k]);
      e.source = rd_kafka_ConfigSource_name(rd_kafka_ConfigEntry_source(entries[k]));
      out.push_back(std::move(e));
    }
  }
  std::sort(out.begin(), out.end(), [](const ConfigEntry& a, const ConfigEntry& b) { return a.name < b.name; });
  return out;
}

Status ClusterClient::alterTopicConfigs(const std::string& topic,
                                        const std::vector<std::pair<std::string, std::string>>& set) {
  // AlterConfigs replaces the whole set of dynamic configs, so start from the
  // current non-default ones and apply the changes on top.
  auto current = topicConfigs(topic);
  if (!current) return current.error();
  std::map<std::string, std::string> wanted;
  for (const ConfigEntry& e : *current)
    if (!e.isDefault && !e.readOnly && !e.sensitive && e.source == "DYNAMIC_TOPIC_CONFIG") wanted[e.name] = e.value;
  for (const auto& [k, v] : set) wanted[k] = v;
  rd_kafka_ConfigResource_t* resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
  for (const auto& [k, v] : wanted) rd_kafka_ConfigResource_set_config(resource, k.c_str(), v.c_str());
  auto event = runAdmin(*m_client, "changing the configuration of " + topic, m_timeout,
                        [&](rd_kafka_queue_t* q, rd_kafka_AdminOptions_t* o) {
                          rd_kafka_AlterConfigs(m_client->handle(), &resource, 1, o, q);
                        });
  rd_kafka_ConfigResource_destroy(resource);
  if (!event) return event.error();
  size_t count = 0;
  const rd_kafka_ConfigResource_t** resources =
      rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(event->get()), &count);
  for (size_t i = 0; i < count; ++i) {
    if (rd_kafka_resp_err_t err = rd_kafka_ConfigResource_error(resources[i])) {
      Error e = m_client->error(err, "changing the configuration of " + topic);
      if (const char* detail = rd_kafka_ConfigResource_error_string(resources[i]); detail && *detail)
        e.message = "changing the configuration of " + topic + " failed: " + detail;
      return e;
    }
  }
  return {};
}

Status ClusterClient::createTopic(const std::string& topic, int partitions, int replicationFactor,
                                  const std::vector<std::pair<std::string, std::string>>& configs) {
  char errstr[256];
  rd_kafka_NewTopic_t* nt =
      rd_kafka_NewTopic_new(topic.c_str(), partitions, replicationFactor, errstr, sizeof errstr);
  if (!nt) return makeError(ErrorCode::Invalid, errstr, topic);
  for (const auto& [k, v] : configs) rd_kafka_NewTopic_set_config(nt, k.c_str(), v.c_str());
  auto event = runAdmin(*m_client, "creating topic " + topic, m_timeout,
                        [&](rd_kafka_queue_t* q, rd_kafka_AdminOptions_t* o) {
                          rd_kafka_CreateTopics(m_client->handle(), &nt, 1, o, q);
                        });
  rd_kafka_NewTopic_destroy(nt);
  if (!event) return event.error();
  size_t count = 0;
  const auto** results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event->get()), &count);
  return topicResultStatus(results, count, "creating topic " + topic, *m_client);
}

Status ClusterClient::deleteTopic(const std::string& topic) {
  rd_kafka_DeleteTopic_t* dt = rd_kafka_DeleteTopic_new(topic.c_str());
  auto event = runAdmin(*m_client, "deleting topic " + topic, m_timeout,
                        [&](rd_kafka_queue_t* q, rd_kafka_AdminOptions_t* o) {
                          rd_kafka_DeleteTopics(m_client->handle(), &dt, 1, o, q);
                        });
  rd_kafka_DeleteTopic_destroy(dt);
  if (!event) return event.error();
  size_t count = 0;
  const auto** results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event->get()), &count);
  return topicResultStatus(results, count, "deleting topic " + topic, *m_client);
}

Status ClusterClient::createPartitions(const std::string& topic, int newTotal) {
  char errstr[256];
  rd_kafka_NewPartitions_t* np = rd_kafka_NewPartitions_new(topic.c_str(), static_cast<size_t>(newTotal), errstr,
                                                            sizeof errstr);
  if (!np) return makeError(ErrorCode::Invalid, errstr, topic);
  auto event = runAdmin(*m_client, "adding partitions to " + topic, m_timeout,
                        [&](rd_kafka_queue_t* q, rd_kafka_AdminOptions_t* o) {
                          rd_kafka_CreatePartitions(m_client->handle(), &np, 1, o, q);
                        });
  rd_kafka_NewPartitions_destroy(np);
  if (!event) return event.error();
  size_t count = 0;
  const auto** results =
      rd_kafka_CreatePartitions_result_topics(rd_kafka_event_CreatePartitions_result(event->get()), &count);
  return topicResultStatus(results, count, "adding partitions to " + topic, *m_client);
}

Result<std::int64_t> ClusterClient::deleteRecords(const std::string& topic, std::int32_t partition,
                                                  std::int64_t beforeOffset) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition)->offset =
      beforeOffset < 0 ? RD_KAFKA_OFFSET_END : beforeOffset;
  rd_kafka_DeleteRecords_t* dr = rd_kafka_DeleteRecords_new(list.get());
  auto event = runAdmin(*m_client, "deleting records of " + topic, m_timeout,
                        [&](rd_kafka_queue_t* q, rd_kafka_AdminOptions_t* o) {
                          rd_kafka_DeleteRecords(m_client->handle(), &dr, 1, o, q);
                        });
  rd_kafka_DeleteRecords_destroy(dr);
  if (!event) return event.error();
  const rd_kafka_topic_partition_list_t* offsets =
      rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(event->get()));
  if (!offsets || offsets->cnt != 1) return makeError(ErrorCode::Internal, "DeleteRecords returned no result", topic);
  if (offsets->elems[0].err) return m_client->error(offsets->elems[0].err, "deleting records of " + topic);
  return offsets->elems[0].offset;
}

Result<std::vector<GroupSummary>> ClusterClient::groups() {
  auto event = runAdmin(*m_client, "listing consumer groups", m_timeout,
                        [&](rd_kafka_queue_t* q, rd_kafka_AdminOptions_t* o) {
                          rd_kafka_ListConsumerGroups(m_client->handle(), o, q);
                        });
  if (!event) return event.error();
  const auto* result = rd_kafka_event_ListConsumerGroups_result(event->get());
  size_t errorCount = 0;
  const rd_kafka_error_t** errors = rd_kafka_ListConsumerGroups_result_errors(result, &errorCount);
  size_t count = 0;
  const rd_kafka_ConsumerGroupListing_t** listings = rd_kafka_ListConsumerGroups_result_valid(result, &count);
  if (count == 0 && errorCount > 0)
    return makeError(ErrorCode::Unavailable,
                     std::string("listing consumer groups failed: ") + rd_kafka_error_string(errors[0]),
                     m_client->bootstrap());
  std::vector<GroupSummary> out;
  for (size_t i = 0; i < count; ++i)
    out.push_back({rd_kafka_ConsumerGroupListing_group_id(listings[i]),
                   rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupListing_state(listings[i])),
                   rd_kafka_ConsumerGroupListing_is_simple_consumer_group(listings[i]) != 0});
  std::sort(out.begin(), out.end(), [](const GroupSummary& a, const GroupSummary& b) { return a.id < b.id; });
  // Brokers answering ListGroups below v4 give no state: ask for all of them in one DescribeGroups.
  std::vector<const char*> unknown;
  for (const GroupSummary& g : out)
    if (g.state == "Unknown") unknown.push_back(g.id.c_str());
  if (unknown.empty()) return out;
  auto described = runAdmin(*m_client, "describing consumer groups", m_timeout,
                            [&](rd_kafka_queue_t* q, rd_kafka_AdminOptions_t* o) {
                              rd_kafka_DescribeConsumerGroups(m_client->handle(), unknown.data(), unknown.size(), o, q);
                            });
  if (!described) return out;  // the list itself is still right
  size_t n = 0;
  const rd_kafka_ConsumerGroupDescription_t** descriptions = rd_kafka_DescribeConsumerGroups_result_groups(
      rd_kafka_event_DescribeConsumerGroups_result(described->get()), &n);
  for (size_t i = 0; i < n; ++i) {
    if (rd_kafka_ConsumerGroupDescription_error(descriptions[i])) continue;
    std::string id = rd_kafka_ConsumerGroupDescription_group_id(descriptions[i]);
    for (GroupSummary& g : out)
      if (g.id == id)
        g.state = rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(descriptions[i]));
  }
  return out;
}

Result<GroupDetail> ClusterClient::describeGroup(const std::string& group) {
  const char* name = group.c_str();
  auto described = runAdmin(*m_client, "describing group " + group, m_timeout,
                            [&](rd_kafka_queue_t* q, rd_kafka_AdminOptions_t* o) {
                              rd_kafka_DescribeConsumerGroups(m_client->handle(), &name, 1, o, q);
                            });
  if (!described) return described.error();
  size_t count = 0;
  const rd_kafka_ConsumerGroupDescription_t** descriptions = rd_kafka_DescribeConsumerGroups_result_groups(
      rd_kafka_event_DescribeConsumerGroups_result(described->get()), &count);
  if (count != 1) return makeError(ErrorCode::Internal, "no description returned", group);
  const auto* d = descriptions[0];
  if (const rd_kafka_error_t* err = rd_kafka_ConsumerGroupDescription_error(d))
    return m_client->error(rd_kafka_error_code(err), "describing group " + group);
  GroupDetail detail;
  detail.id = group;
  detail.state = rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(d));
  if (const char* assignor = rd_kafka_ConsumerGroupDescription_partition_assignor(d)) detail.assignor = assignor;
  if (const rd_kafka_Node_t* node = rd_kafka_ConsumerGroupDescription_coordinator(d))
    detail.coordinator = rd_kafka_Node_id(node);
  for (size_t i = 0; i < rd_kafka_ConsumerGroupDescription_member_count(d); ++i) {
    const rd_kafka_MemberDescription_t* m = rd_kafka_ConsumerGroupDescription_member(d, static_cast<int>(i));
    GroupMember member;
    member.memberId = rd_kafka_MemberDescription_consumer_id(m);
    member.clientId = rd_kafka_MemberDescription_client_id(m);
    member.host = rd_kafka_MemberDescription_host(m);
    if (const rd_kafka_MemberAssignment_t* a = rd_kafka_MemberDescription_assignment(m))
      member.assignment = partitionsOf(rd_kafka_MemberAssignment_partitions(a));
    detail.members.push_back(std::move(member));
  }

  // Committed offsets. Asking for "all partitions" (a null list) reaches the
  // broker as an empty list from librdkafka 2.0.2, which returns nothing; so ask
  // for every partition of every topic and keep the ones with a commit.
  auto raw = metadata(nullptr);
  if (!raw) return raw.error();
  MetadataPtr md(*raw);
  PartitionListPtr everything(rd_kafka_topic_partition_list_new(16));
  for (int t = 0; t < md->topic_cnt; ++t)
    for (int p = 0; p < md->topics[t].partition_cnt; ++p)
      rd_kafka_topic_partition_list_add(everything.get(), md->topics[t].topic, md->topics[t].partitions[p].id);
  rd_kafka_ListConsumerGroupOffsets_t* request = rd_kafka_ListConsumerGroupOffsets_new(name, everything.get());
  auto listed = runAdmin(*m_client, "reading the offsets of group " + group, m_timeout,
                         [&](rd_kafka_queue_t* q, rd_kafka_AdminOptions_t* o) {
                           rd_kafka_ListConsumerGroupOffsets(m_client->handle(), &request, 1, o, q);
                         });
  rd_kafka_ListConsumerGroupOffsets_destroy(request);
  if (!listed) return listed.error();
  size_t groupCount = 0;
  const rd_kafka_group_result_t** results = rd_kafka_ListConsumerGroupOffsets_result_groups(
      rd_kafka_event_ListConsumerGroupOffsets_result(listed->get()), &groupCount);
  std::map<std::string, std::vector<std::int32_t>> byTopic;
  for (size_t g = 0; g < groupCount; ++g) {
    if (const rd_kafka_error_t* err = rd_kafka_group_result_error(results[g]))
      return m_client->error(rd_kafka_error_code(err), "reading the offsets of group " + group);
    const rd_kafka_topic_partition_list_t* parts = rd_kafka_group_result_partitions(results[g]);
    for (int i = 0; parts && i < parts->cnt; ++i) {
      const auto& e = parts->elems[i];
      if (e.offset < 0) continue;  // never committed
      detail.offsets.push_back(GroupOffset{e.topic, e.partition, e.offset, -1});
      byTopic[e.topic].push_back(e.partition);
    }
  }
  // Partitions assigned but never committed count too: their lag is everything.
  for (const GroupMember& m : detail.members)
    for (const auto& [topic, partition] : m.assignment) {
      auto& parts = byTopic[topic];
      if (std::find(parts.begin(), parts.end(), partition) != parts.end()) continue;
      parts.push_back(partition);
      detail.offsets.push_back(GroupOffset{topic, partition, -1, -1});
    }
  for (auto& [topic, parts] : byTopic) {
    auto marks = watermarks(topic, parts);
    if (!marks) continue;  // a deleted topic: keep the committed offsets, lag unknown
    for (GroupOffset& o : detail.offsets) {
      if (o.topic != topic) continue;
      auto it = std::find(parts.begin(), parts.end(), o.partition);
      o.high = (*marks)[static_cast<size_t>(it - parts.begin())].second;
    }
  }
  std::sort(detail.offsets.begin(), detail.offsets.end(), [](const GroupOffset& a, const GroupOffset& b) {
    return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
  });
  return detail;
}

Result<std::vector<GroupOffset>> ClusterClient::resetGroupOffsets(const std::string& group, const std::string& topic,
                                                                  const OffsetReset& reset) {
  auto detail = describeGroup(group);
  if (!detail && detail.error().code != ErrorCode::NotFound) return detail.error();
  if (detail && !detail->members.empty())
    return makeError(ErrorCode::Invalid,
                     "group \"" + group + "\" has " + std::to_string(detail->members.size()) +
                         " active member(s); stop its consumers first — Kafka only moves the offsets of an empty group",
                     group);
  auto info = describeTopic(topic);
  if (!info) return info.error();
  std::vector<std::int32_t> ids;
  for (const auto& p : info->partitions) ids.push_back(p.id);
  std::vector<std::int64_t> targets(ids.size());
  if (reset.to == OffsetReset::To::Timestamp) {
    auto found = offsetsForTime(topic, ids, reset.value);
    if (!found) return found.error();
    targets = *found;
  } else {
    for (size_t i = 0; i < ids.size(); ++i) {
      const PartitionInfo& p = info->partitions[i];
      switch (reset.to) {
        case OffsetReset::To::Earliest: targets[i] = p.low; break;
        case OffsetReset::To::Latest: targets[i] = p.high; break;
        default: targets[i] = std::clamp(reset.value, p.low, p.high); break;
      }
    }
  }
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(ids.size())));
  for (size_t i = 0; i < ids.size(); ++i)
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), ids[i])->offset = targets[i];
  rd_kafka_AlterConsumerGroupOffsets_t* alter = rd_kafka_AlterConsumerGroupOffsets_new(group.c_str(), list.get());
  auto event = runAdmin(*m_client, "resetting the offsets of group " + group, m_timeout,
                        [&](rd_kafka_queue_t* q, rd_kafka_AdminOptions_t* o) {
                          rd_kafka_AlterConsumerGroupOffsets(m_client->handle(), &alter, 1, o, q);
                        });
  rd_kafka_AlterConsumerGroupOffsets_destroy(alter);
  if (!event) return event.error();
  size_t count = 0;
  const rd_kafka_group_result_t** results = rd_kafka_AlterConsumerGroupOffsets_result_groups(
      rd_kafka_event_AlterConsumerGroupOffsets_result(event->get()), &count);
  std::vector<GroupOffset> out;
  for (size_t g = 0; g < count; ++g) {
    if (const rd_kafka_error_t* err = rd_kafka_group_result_error(results[g]))
      return m_client->error(rd_kafka_error_code(err), "resetting the offsets of group " + group);
    const rd_kafka_topic_partition_list_t* parts = rd_kafka_group_result_partitions(results[g]);
    for (int i = 0; parts && i < parts->cnt; ++i) {
      if (parts->elems[i].err)
        return m_client->error(parts->elems[i].err, "resetting the offsets of group " + group);
      out.push_back(GroupOffset{parts->elems[i].topic, parts->elems[i].partition, parts->elems[i].offset, -1});
    }
  }
  return out;
}

Result<Produced> ClusterClient::produce(const std::string& topic, const ProduceMessage& message) {
  rd_kafka_headers_t* headers = rd_kafka_headers_new(message.headers.size());
  for (const auto& [k, v] : message.headers)
    rd_kafka_header_add(headers, k.data(), static_cast<ssize_t>(k.size()), v.data(), static_cast<ssize_t>(v.size()));
  DeliveryReport report;
  const void* key = message.key ? message.key->data() : nullptr;
  size_t keySize = message.key ? message.key->size() : 0;
  void* value = message.value ? const_cast<char*>(message.value->data()) : nullptr;
  size_t valueSize = message.value ? message.value->size() : 0;
  std::int32_t partition = message.partition < 0 ? RD_KAFKA_PARTITION_UA : message.partition;
  rd_kafka_resp_err_t err = rd_kafka_producev(
      m_client->handle(), RD_KAFKA_V_TOPIC(topic.c_str()),
      RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key, keySize),
      RD_KAFKA_V_VALUE(value, valueSize),
      RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_TIMESTAMP(message.timestampMs), RD_KAFKA_V_OPAQUE(&report),
      RD_KAFKA_V_END);
  if (err) {
    rd_kafka_headers_destroy(headers);  // ownership passes to librdkafka only on success
    return m_client->error(err, "producing to " + topic);
  }
  auto deadline = std::chrono::steady_clock::now() + m_timeout;
  while (!report.done) {
    rd_kafka_poll(m_client->handle(), 50);
    if (std::chrono::steady_clock::now() > deadline) {
      // The message is still queued and points at `report`: wait for librdkafka to give it up.
      rd_kafka_purge(m_client->handle(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      while (!report.done) rd_kafka_poll(m_client->handle(), 50);
      return m_client->timeoutError("deliver a message to " + topic, m_timeout);
    }
  }
  if (report.error) return m_client->error(report.error, "producing to " + topic);
  return Produced{report.partition, report.offset};
}

Status ClusterClient::ensureTopic(const std::string& topic, int partitions,
                                 const std::vector<std::pair<std::string, std::string>>& configs, int replication) {
  auto existing = describeTopic(topic);
  if (existing) return {};
  if (existing.error().code != ErrorCode::NotFound) return existing.error();
  auto created = createTopic(topic, partitions, replication, configs);
  // Several clients start at once: the one that loses the race finds it created.
  if (!created && created.error().message.find("already exists") == std::string::npos) return created;
  if (created) spdlog::info("created topic {} with {} partition(s)", topic, partitions);
  return {};
}

}  // namespace tributary::kafka
