package imtest

import (
	"slices"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// v4GroupAttrs is a group's custom attributes: the attributes, in the
// order their keys were first set (set_group_attr sets the order anew),
// and the group's attribute writes in the current second of server time.
// They live with the group: destroy_group drops them.
type v4GroupAttrs struct {
	list   []restapi.GroupAttribute
	writes v4Window
}

// attrIndex returns the index of key in list, -1 when it has no such
// attribute.
func attrIndex(list []restapi.GroupAttribute, key string) int {
	return slices.IndexFunc(list, func(ga restapi.GroupAttribute) bool { return ga.Key == key })
}

// attrWrite counts one attribute write of group groupID at now: modify, set,
// delete and clear together, at most 5 a second per group ("单个群自定义属性写
// 操作超频，增加删除修改合计写操作5次/s", 10049). Only a write that is
// applied counts: it is the last check of each write command. A server
// whose v4 rate limits are off (WithV4RateLimit(0)) counts none.
func (s *Server) attrWrite(a *v4GroupAttrs, groupID string, now time.Time) error {
	if s.v4RateLimit != nil && *s.v4RateLimit == 0 {
		return nil
	}
	if !a.writes.take(now, 1, 1, restapi.MaxGroupAttributeWritesPerGroup) {
		return v4Err(restapi.CodeGroupAttrWriteRate, "group %q had %d custom attribute writes this second; a group's attribute writes (modify_group_attr, set_group_attr, delete_group_attr and clear_group_attr together) are at most %d per second: retry in a second",
			groupID, a.writes.n, restapi.MaxGroupAttributeWritesPerGroup)
	}
	return nil
}

// v4GetGroupAttr answers every attribute of the group, in order, an empty
// GroupAttrAry for none: restapi's Validate (10004, 10015), then the group
// (10010). Every group type has attributes, so 10007 is never answered.
// No callback is sent for any attribute command: the pages document none.
func (s *Server) v4GetGroupAttr(c *v4Call, req *restapi.GetGroupAttrRequest) (any, error) {
	g, err := c.app.v4.group(req.GroupID)
	if err != nil {
		return nil, err
	}
	return restapi.GetGroupAttrResponse{Attributes: append([]restapi.GroupAttribute{}, g.attrs.list...)}, nil
}

// v4ModifyGroupAttr sets the values of the attributes given, a new key
// added after the others, every attribute or none: restapi's Validate
// (10004, 10015, 10045-10048), the group (10010); 10047 when the group
// would hold more than 16 keys, 10048 when its keys and values would
// pass 16 KiB; then the write rate (10049).
func (s *Server) v4ModifyGroupAttr(c *v4Call, req *restapi.ModifyGroupAttrRequest) (any, error) {
	g, err := c.app.v4.group(req.GroupID)
	if err != nil {
		return nil, err
	}
	next := slices.Clone(g.attrs.list)
	for _, ga := range req.Attributes {
		if i := attrIndex(next, ga.Key); i >= 0 {
			next[i].Value = ga.Value
			continue
		}
		next = append(next, ga)
	}
	if len(next) > restapi.MaxGroupAttributes {
		return nil, v4Err(restapi.CodeGroupAttrTooMany, "group %q would hold %d custom attribute keys; a group holds at most %d: delete some first (delete_group_attr)", req.GroupID, len(next), restapi.MaxGroupAttributes)
	}
	if n := restapi.GroupAttributesBytes(next); n > restapi.MaxGroupAttributesBytes {
		return nil, v4Err(restapi.CodeGroupAttrTooLarge, "group %q's custom attributes would be %d bytes of keys and values; a group's are at most %d bytes (16 KiB)", req.GroupID, n, restapi.MaxGroupAttributesBytes)
	}
	if err := s.attrWrite(&g.attrs, req.GroupID, c.now); err != nil {
		return nil, err
	}
	g.attrs.list = next
	return nil, nil
}

// v4SetGroupAttr replaces every attribute of the group with those given,
// in the order given: restapi's Validate (10004, 10015, 10045-10048),
// the group (10010), then the write rate (10049).
func (s *Server) v4SetGroupAttr(c *v4Call, req *restapi.SetGroupAttrRequest) (any, error) {
	g, err := c.app.v4.group(req.GroupID)
	if err != nil {
		return nil, err
	}
	if err := s.attrWrite(&g.attrs, req.GroupID, c.now); err != nil {
		return nil, err
	}
	g.attrs.list = slices.Clone(req.Attributes)
	return nil, nil
}

// v4DeleteGroupAttr deletes the attributes of the keys given, every one
// or none: restapi's Validate (10004, 10015, 10045), the group (10010);
// 10050 for a key the group has no attribute of; then the write rate
// (10049).
func (s *Server) v4DeleteGroupAttr(c *v4Call, req *restapi.DeleteGroupAttrRequest) (any, error) {
	g, err := c.app.v4.group(req.GroupID)
	if err != nil {
		return nil, err
	}
	for _, k := range req.Keys {
		if attrIndex(g.attrs.list, k.Key) < 0 {
			return nil, v4Err(restapi.CodeGroupAttrNotFound, "group %q has no custom attribute %q: deleting an attribute that does not exist; nothing was deleted", req.GroupID, k.Key)
		}
	}
	if err := s.attrWrite(&g.attrs, req.GroupID, c.now); err != nil {
		return nil, err
	}
	g.attrs.list = slices.DeleteFunc(g.attrs.list, func(ga restapi.GroupAttribute) bool {
		return slices.ContainsFunc(req.Keys, func(k restapi.GroupAttributeKey) bool { return k.Key == ga.Key })
	})
	return nil, nil
}

// v4ClearGroupAttr deletes every attribute of the group, none being
// fine: restapi's Validate (10004, 10015), the group (10010) and its type:
// a Community is 10007 ("Community | No" on the command's page; the code
// is the tables' "该类型群不支持自定义属性操作"); then the write rate (10049).
func (s *Server) v4ClearGroupAttr(c *v4Call, req *restapi.ClearGroupAttrRequest) (any, error) {
	g, err := c.app.v4.groupNot(req.GroupID, restapi.GroupCommunity, restapi.CodeGroupNoPermission,
		"clear_group_attr does not serve a Community: delete its attributes by key (delete_group_attr) or reset them (set_group_attr)")
	if err != nil {
		return nil, err
	}
	if err := s.attrWrite(&g.attrs, req.GroupID, c.now); err != nil {
		return nil, err
	}
	g.attrs.list = nil
	return nil, nil
}
