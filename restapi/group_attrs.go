package restapi

import (
	"context"
	"fmt"
)

// ServiceGroupAttr is the service of get_group_attr, the one group
// custom attribute command outside group_open_http_svc
// ("v4/group_open_attr_http_svc/get_group_attr", INTL 1047/44187).
const ServiceGroupAttr = "group_open_attr_http_svc"

// Group custom attribute commands (群自定义属性): a group's string
// attributes, read (get_group_attr, service group_open_attr_http_svc,
// INTL 1047/44187), changed key by key (modify_group_attr, CN 269/67010,
// INTL 1047/44188), cleared (clear_group_attr, INTL 1047/44189), reset
// (set_group_attr, INTL 1047/44190) and deleted key by key
// (delete_group_attr, INTL 1047/59499); the others are in
// group_open_http_svc. Every group type has them; clear_group_attr
// serves every type but the Community ("Community | No").
const (
	CommandGetGroupAttr    = "get_group_attr"
	CommandModifyGroupAttr = "modify_group_attr"
	CommandClearGroupAttr  = "clear_group_attr"
	CommandSetGroupAttr    = "set_group_attr"
	CommandDeleteGroupAttr = "delete_group_attr"
)

// Group custom attribute limits: "key 最大数量16个，key 最大长度为32个字节；
// value 为自定义属性的值，value最大长度为4000字节" (modify_group_attr, CN
// 269/67010; set_group_attr's table says the same); all of a group's
// attributes, keys and values, at most 16 KiB ("总的 attributes（包括 key 和
// value）限制为16k", the client SDKs' initGroupAttributes; set_group_attr's
// 10048 "自定义属性所有 val 总和超过限制" names no size: 16 KiB of keys and
// values is this package's reading); at most 5 writes a second per group
// ("单个群自定义属性写操作超频，增加删除修改合计写操作5次/s", delete_group_attr's
// 10049).
const (
	MaxGroupAttributes              = 16       // attributes of one group, and of one request
	MaxGroupAttributeKeyBytes       = 32       // a key
	MaxGroupAttributeValueBytes     = 4000     // a value
	MaxGroupAttributesBytes         = 16 << 10 // the keys and values of a group's attributes together
	MaxGroupAttributeWritesPerGroup = 5        // modify, set, delete and clear calls of one group in one second
)

// The codes of the group custom attribute commands' tables (set_group_attr,
// INTL 1047/44190; delete_group_attr, INTL 1047/59499).
const (
	CodeGroupAttrKeyTooLong   = 10045 // "自定义属性 key 大小超过限制，最大32字节"
	CodeGroupAttrValueTooLong = 10046 // "自定义属性 val 大小超过限制，最大为4000字节"
	CodeGroupAttrTooMany      = 10047 // "自定义属性 key 数量超过限制，最大为16个"
	CodeGroupAttrTooLarge     = 10048 // "自定义属性所有 val 总和超过限制"
	CodeGroupAttrWriteRate    = 10049 // "单个群自定义属性写操作超频，增加删除修改合计写操作5次/s"
	CodeGroupAttrNotFound     = 10050 // delete_group_attr: "删除不存在的自定义属性"
)

// GroupAttribute is one custom attribute of a group: its key and its
// value (wire names "key" and "value", lowercase).
type GroupAttribute struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// GroupAttributeKey names one attribute to delete_group_attr: {"key": ...}.
type GroupAttributeKey struct {
	Key string `json:"key"`
}

// GetGroupAttrRequest is the body of get_group_attr: every attribute of
// the group.
type GetGroupAttrRequest struct {
	GroupID string `json:"GroupId"`
}

// GetGroupAttrResponse is the answer of get_group_attr: the group's
// attributes ("GroupAttrAry", "自定义属性的键值对").
type GetGroupAttrResponse struct {
	Attributes []GroupAttribute `json:"GroupAttrAry"`
}

// ModifyGroupAttrRequest is the body of modify_group_attr: set the
// values of 1-16 attributes, keeping the group's others.
type ModifyGroupAttrRequest struct {
	GroupID    string           `json:"GroupId"`
	Attributes []GroupAttribute `json:"GroupAttr"`
}

// SetGroupAttrRequest is the body of set_group_attr: the group's
// attributes become these 1-16, the others are removed ("reset").
type SetGroupAttrRequest struct {
	GroupID    string           `json:"GroupId"`
	Attributes []GroupAttribute `json:"GroupAttr"`
}

// DeleteGroupAttrRequest is the body of delete_group_attr: delete the
// attributes of Keys, each of which the group must have.
type DeleteGroupAttrRequest struct {
	GroupID string              `json:"GroupId"`
	Keys    []GroupAttributeKey `json:"GroupAttr"`
}

// ClearGroupAttrRequest is the body of clear_group_attr: delete every
// attribute of the group.
type ClearGroupAttrRequest struct {
	GroupID string `json:"GroupId"`
}

// Validate checks a get_group_attr body: the GroupId (10004 missing,
// 10015 malformed).
func (r *GetGroupAttrRequest) Validate() error {
	return checkAttrGroup(CommandGetGroupAttr, r.GroupID)
}

// Validate checks a clear_group_attr body: the GroupId (10004 missing,
// 10015 malformed).
func (r *ClearGroupAttrRequest) Validate() error {
	return checkAttrGroup(CommandClearGroupAttr, r.GroupID)
}

// Validate checks a modify_group_attr body: the GroupId (10004, 10015)
// and 1-16 attributes (none 10004, more 10047), each key 1-32 bytes
// (empty 10004, longer 10045) and named once (10004), each value at most
// 4000 bytes (10046), the keys and values together at most 16 KiB
// (10048).
func (r *ModifyGroupAttrRequest) Validate() error {
	return checkAttrs(CommandModifyGroupAttr, r.GroupID, r.Attributes)
}

// Validate checks a set_group_attr body as modify_group_attr's: the
// GroupId (10004, 10015) and 1-16 attributes (none 10004, more 10047),
// each key 1-32 bytes (empty 10004, longer 10045) and named once
// (10004), each value at most 4000 bytes (10046), the keys and values
// together at most 16 KiB (10048).
func (r *SetGroupAttrRequest) Validate() error {
	return checkAttrs(CommandSetGroupAttr, r.GroupID, r.Attributes)
}

// Validate checks a delete_group_attr body: the GroupId (10004, 10015)
// and 1-16 keys (none 10004, more 10047: a group holds no more), each
// 1-32 bytes (empty 10004, longer 10045) and named once (10004).
func (r *DeleteGroupAttrRequest) Validate() error {
	const cmd = CommandDeleteGroupAttr
	if err := checkAttrGroup(cmd, r.GroupID); err != nil {
		return err
	}
	switch {
	case len(r.Keys) == 0:
		return attrErr(cmd, CodeGroupInvalidParam, "GroupAttr is empty; name at least one key to delete (clear_group_attr deletes every attribute)")
	case len(r.Keys) > MaxGroupAttributes:
		return attrErr(cmd, CodeGroupAttrTooMany, "GroupAttr names %d keys; a group holds at most %d, so name at most %d (clear_group_attr deletes every attribute)", len(r.Keys), MaxGroupAttributes, MaxGroupAttributes)
	}
	keys := make([]string, len(r.Keys))
	for i, k := range r.Keys {
		keys[i] = k.Key
	}
	return checkAttrKeys(cmd, keys)
}

// checkAttrs checks the GroupId and attributes of modify_group_attr or
// set_group_attr (see their Validate).
func checkAttrs(cmd, groupID string, attrs []GroupAttribute) error {
	if err := checkAttrGroup(cmd, groupID); err != nil {
		return err
	}
	switch {
	case len(attrs) == 0:
		return attrErr(cmd, CodeGroupInvalidParam, "GroupAttr is empty; give at least one attribute (clear_group_attr deletes every attribute)")
	case len(attrs) > MaxGroupAttributes:
		return attrErr(cmd, CodeGroupAttrTooMany, "GroupAttr has %d attributes; a group holds at most %d keys", len(attrs), MaxGroupAttributes)
	}
	keys := make([]string, len(attrs))
	for i, a := range attrs {
		keys[i] = a.Key
	}
	if err := checkAttrKeys(cmd, keys); err != nil {
		return err
	}
	for i, a := range attrs {
		if len(a.Value) > MaxGroupAttributeValueBytes {
			return attrErr(cmd, CodeGroupAttrValueTooLong, "the value of attribute %d (%q) is %d bytes; a value is at most %d bytes", i, a.Key, len(a.Value), MaxGroupAttributeValueBytes)
		}
	}
	if n := GroupAttributesBytes(attrs); n > MaxGroupAttributesBytes {
		return attrErr(cmd, CodeGroupAttrTooLarge, "the attributes' keys and values are %d bytes together; a group's are at most %d bytes (16 KiB)", n, MaxGroupAttributesBytes)
	}
	return nil
}

// checkAttrKeys checks attribute keys: each 1 to MaxGroupAttributeKeyBytes
// bytes (10004 empty, 10045 longer) and named once (10004).
func checkAttrKeys(cmd string, keys []string) error {
	for i, k := range keys {
		switch {
		case k == "":
			return attrErr(cmd, CodeGroupInvalidParam, "key %d is empty; a key is 1-%d bytes", i, MaxGroupAttributeKeyBytes)
		case len(k) > MaxGroupAttributeKeyBytes:
			return attrErr(cmd, CodeGroupAttrKeyTooLong, "key %d is %d bytes; a key is at most %d bytes", i, len(k), MaxGroupAttributeKeyBytes)
		}
	}
	if k, ok := repeated(keys); ok {
		return attrErr(cmd, CodeGroupInvalidParam, "GroupAttr names key %q twice; name each key once", k)
	}
	return nil
}

// GroupAttributesBytes returns the bytes of attrs' keys and values
// together, the size MaxGroupAttributesBytes limits.
func GroupAttributesBytes(attrs []GroupAttribute) int {
	n := 0
	for _, a := range attrs {
		n += len(a.Key) + len(a.Value)
	}
	return n
}

// groupAttrService is the service of a group custom attribute command.
func groupAttrService(cmd string) string {
	if cmd == CommandGetGroupAttr {
		return ServiceGroupAttr
	}
	return ServiceGroup
}

// attrErr is the *Error a group custom attribute command's Validate
// returns, for the command's own service.
func attrErr(cmd string, code int, format string, args ...any) error {
	return invalid(groupAttrService(cmd), cmd, code, fmt.Sprintf(format, args...))
}

// checkAttrGroup is checkTargetGroup (10004, 10015) for the command's own
// service.
func checkAttrGroup(cmd, groupID string) error {
	return inService(groupAttrService(cmd), checkTargetGroup(cmd, groupID))
}

// Attributes returns a group's custom attributes (get_group_attr,
// service group_open_attr_http_svc), in the order the server keeps them;
// none is an empty list. It is a read, resent after a 5xx. The GroupId is
// checked first (10004, 10015). The service answers 10010 for a group
// that does not exist; its table also lists 10007 ("该群类型不支持自定义属性"),
// though the page gives every group type custom attributes.
func (s *GroupService) Attributes(ctx context.Context, groupID string) ([]GroupAttribute, error) {
	var resp GetGroupAttrResponse
	if err := s.c.callValid(ctx, ServiceGroupAttr, CommandGetGroupAttr, &GetGroupAttrRequest{GroupID: groupID}, &resp); err != nil {
		return nil, err
	}
	if resp.Attributes == nil {
		return []GroupAttribute{}, nil
	}
	return resp.Attributes, nil
}

// ModifyAttributes sets the values of a group's attributes of attrs
// (modify_group_attr), adding those the group lacks and keeping the
// others. It is a write, sent once. The request is checked first (see
// ModifyGroupAttrRequest.Validate: 10004, 10015, 10045-10048). The
// service answers 10010 for a group that does not exist, 10007 for a
// type without custom attributes, 10047 when the group would hold more
// than 16 keys, 10048 when its keys and values would pass 16 KiB, and
// 10049 for a sixth write (modify, set, delete, clear) of the group in
// one second.
func (s *GroupService) ModifyAttributes(ctx context.Context, groupID string, attrs ...GroupAttribute) error {
	return s.c.callValid(ctx, ServiceGroup, CommandModifyGroupAttr, &ModifyGroupAttrRequest{GroupID: groupID, Attributes: attrs}, nil)
}

// SetAttributes resets a group's attributes to attrs (set_group_attr):
// those not in attrs are removed. It is a write, sent once. The request
// is checked first (see SetGroupAttrRequest.Validate: 10004, 10015,
// 10045-10048). The service answers 10010 for a group that does not
// exist, 10007 for a type without custom attributes and 10049 for a
// sixth write of the group in one second.
func (s *GroupService) SetAttributes(ctx context.Context, groupID string, attrs ...GroupAttribute) error {
	return s.c.callValid(ctx, ServiceGroup, CommandSetGroupAttr, &SetGroupAttrRequest{GroupID: groupID, Attributes: attrs}, nil)
}

// DeleteAttributes deletes a group's attributes of keys
// (delete_group_attr). It is a write, sent once. The request is checked
// first (10004 no key, an empty or repeated one; 10015; 10045 a key over
// 32 bytes). The service answers 10010 for a group that does not exist,
// 10007 for a type without custom attributes, 10050 when the group has
// no attribute of one of the keys (then none is deleted) and 10049 for a
// sixth write of the group in one second.
func (s *GroupService) DeleteAttributes(ctx context.Context, groupID string, keys ...string) error {
	req := &DeleteGroupAttrRequest{GroupID: groupID, Keys: make([]GroupAttributeKey, len(keys))}
	for i, k := range keys {
		req.Keys[i] = GroupAttributeKey{Key: k}
	}
	return s.c.callValid(ctx, ServiceGroup, CommandDeleteGroupAttr, req, nil)
}

// ClearAttributes deletes every attribute of a group (clear_group_attr).
// It is a write, sent once. The GroupId is checked first (10004, 10015).
// The service answers 10010 for a group that does not exist, 10007 for a
// Community (the command's page: "Community | No") and 10049 for a sixth
// write of the group in one second.
func (s *GroupService) ClearAttributes(ctx context.Context, groupID string) error {
	return s.c.callValid(ctx, ServiceGroup, CommandClearGroupAttr, &ClearGroupAttrRequest{GroupID: groupID}, nil)
}
