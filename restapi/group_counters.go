package restapi

import "context"

// Group counter commands (group_open_http_svc): a group's named int64
// counters, read (CN 269/85953, INTL 1047/53427), set, increased or
// decreased (CN 269/85952, INTL 1047/53428) and deleted (CN 269/85954,
// INTL 1047/53429). Every group type has them but the Community.
const (
	CommandGetGroupCounter    = "get_group_counter"
	CommandUpdateGroupCounter = "update_group_counter"
	CommandDeleteGroupCounter = "delete_group_counter"
)

// Group counter limits Tencent documents: "Key 数量不超过20个，Key 长度不超过
// 128个字节" (update_group_counter's GroupCounter) and "A single group
// supports up to 20 group counters" (the SDK guide, INTL 1047/53432).
const (
	MaxGroupCounters        = 20  // counters of one group, and keys of one request
	MaxGroupCounterKeyBytes = 128 // a counter's Key
)

// CodeGroupNeedsFlagship is answered for a group counter command of an app
// below the Flagship (Ultimate) edition: "该特性需要购买进阶版才可以支持"
// (get_group_counter's table, INTL 1047/53427; "10059 not Ultimate
// edition", im-facts-rest.md).
const CodeGroupNeedsFlagship = 10059

// CounterMode is how update_group_counter applies its values.
type CounterMode string

// The modes of update_group_counter: Set replaces a counter's value;
// Increase and Decrease add or subtract the value, a missing counter
// counting from 0 ("如果 Key 不存在，则先创建一个 Value 为0的 Key，然后递增递减").
// An empty Mode is CounterSet (the page marks Mode optional and names no
// default; the reference server's choice).
const (
	CounterSet      CounterMode = "Set"
	CounterIncrease CounterMode = "Increase"
	CounterDecrease CounterMode = "Decrease"
)

// GroupCounter is one counter of a group: its Key and its Value, a
// 64-bit signed integer.
type GroupCounter struct {
	Key   string `json:"Key"`
	Value int64  `json:"Value"`
}

// GetGroupCounterRequest is the body of get_group_counter: the counters
// of GroupCounterKeys, every counter of the group when empty.
type GetGroupCounterRequest struct {
	GroupID          string   `json:"GroupId"`
	GroupCounterKeys []string `json:"GroupCounterKeys,omitempty"`
}

// GroupCounterResponse is the answer of get_group_counter and
// update_group_counter: the counters' values now ("获取的群计数器最新键值列表";
// update's "List of the latest group counter key-value pairs updated").
type GroupCounterResponse struct {
	GroupCounter []GroupCounter `json:"GroupCounter"`
}

// UpdateGroupCounterRequest is the body of update_group_counter: 1-20
// counters changed as Mode says.
type UpdateGroupCounterRequest struct {
	GroupID      string         `json:"GroupId"`
	GroupCounter []GroupCounter `json:"GroupCounter"`
	Mode         CounterMode    `json:"Mode,omitempty"`
}

// DeleteGroupCounterRequest is the body of delete_group_counter: delete
// the counters of GroupCounterKeys, every counter of the group when
// empty ("不填则全部删除").
type DeleteGroupCounterRequest struct {
	GroupID          string   `json:"GroupId"`
	GroupCounterKeys []string `json:"GroupCounterKeys,omitempty"`
}

// Validate checks a get_group_counter body (10004 unless said): the
// GroupId (10015 malformed) and at most 20 keys of 1-128 bytes.
func (r *GetGroupCounterRequest) Validate() error {
	return checkCounterKeys(CommandGetGroupCounter, r.GroupID, r.GroupCounterKeys)
}

// Validate checks a delete_group_counter body (10004 unless said): the
// GroupId (10015 malformed) and at most 20 keys of 1-128 bytes.
func (r *DeleteGroupCounterRequest) Validate() error {
	return checkCounterKeys(CommandDeleteGroupCounter, r.GroupID, r.GroupCounterKeys)
}

// Validate checks an update_group_counter body (10004 unless said): the
// GroupId (10015 malformed), 1-20 counters, each Key 1-128 bytes and
// named once, and Mode empty, Set, Increase or Decrease.
func (r *UpdateGroupCounterRequest) Validate() error {
	const cmd = CommandUpdateGroupCounter
	keys := make([]string, len(r.GroupCounter))
	for i, gc := range r.GroupCounter {
		keys[i] = gc.Key
	}
	if err := checkCounterKeys(cmd, r.GroupID, keys); err != nil {
		return err
	}
	if len(keys) == 0 {
		return groupErr(cmd, CodeGroupInvalidParam, "GroupCounter is empty; name at least one counter")
	}
	if k, ok := repeated(keys); ok {
		return groupErr(cmd, CodeGroupInvalidParam, "GroupCounter names Key %q twice; name each counter once", k)
	}
	switch r.Mode {
	case "", CounterSet, CounterIncrease, CounterDecrease:
		return nil
	}
	return groupErr(cmd, CodeGroupInvalidParam, "Mode %q is not Set, Increase or Decrease", r.Mode)
}

// checkCounterKeys checks a counter command's GroupId (10004, 10015) and
// keys: at most MaxGroupCounters (a group holds no more), each 1 to
// MaxGroupCounterKeyBytes bytes (10004).
func checkCounterKeys(cmd, groupID string, keys []string) error {
	if err := checkTargetGroup(cmd, groupID); err != nil {
		return err
	}
	if len(keys) > MaxGroupCounters {
		return groupErr(cmd, CodeGroupInvalidParam, "%d counter keys; at most %d per request (a group holds at most %d counters)", len(keys), MaxGroupCounters, MaxGroupCounters)
	}
	for i, k := range keys {
		if k == "" || len(k) > MaxGroupCounterKeyBytes {
			return groupErr(cmd, CodeGroupInvalidParam, "counter key %d is %d bytes; a Key is 1-%d bytes", i, len(k), MaxGroupCounterKeyBytes)
		}
	}
	return nil
}

// Counters returns a group's counters (get_group_counter): those of keys,
// every counter when none are given; a key the group has no counter for
// is left out. It is a read, resent after a 5xx. The request is checked
// first (10004, 10015). The service answers 10010 for a group that does
// not exist, 10007 for a Community and 10059 for an app below the
// Flagship edition.
func (s *GroupService) Counters(ctx context.Context, groupID string, keys ...string) ([]GroupCounter, error) {
	var resp GroupCounterResponse
	err := s.c.callValid(ctx, ServiceGroup, CommandGetGroupCounter, &GetGroupCounterRequest{GroupID: groupID, GroupCounterKeys: keys}, &resp)
	return resp.GroupCounter, err
}

// UpdateCounters sets, increases or decreases a group's counters
// (update_group_counter) as mode says and returns their values after the
// change; a counter that does not exist is created (from 0 for
// CounterIncrease and CounterDecrease). It is a write, sent once: a
// resent Increase would count twice. The request is checked first
// (10004, 10015). The service answers 10010 for a group that does not
// exist, 10007 for a Community, 10059 for an app below the Flagship
// edition, and 10004 when the group would hold more than 20 counters or
// a value would leave the int64 range.
func (s *GroupService) UpdateCounters(ctx context.Context, groupID string, mode CounterMode, counters ...GroupCounter) ([]GroupCounter, error) {
	var resp GroupCounterResponse
	err := s.c.callValid(ctx, ServiceGroup, CommandUpdateGroupCounter, &UpdateGroupCounterRequest{GroupID: groupID, GroupCounter: counters, Mode: mode}, &resp)
	return resp.GroupCounter, err
}

// DeleteCounters deletes a group's counters of keys
// (delete_group_counter), every counter of the group when none are
// given; a key with no counter is skipped. It is a write, sent once. The
// request is checked first (10004, 10015). The service answers 10010 for
// a group that does not exist, 10007 for a Community and 10059 for an app
// below the Flagship edition.
func (s *GroupService) DeleteCounters(ctx context.Context, groupID string, keys ...string) error {
	return s.c.callValid(ctx, ServiceGroup, CommandDeleteGroupCounter, &DeleteGroupCounterRequest{GroupID: groupID, GroupCounterKeys: keys}, nil)
}
