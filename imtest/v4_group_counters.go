package imtest

import (
	"slices"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/restapi"
)

// counterGroup is the group of a group counter command: the app is
// Flagship or above (10059 "该特性需要购买进阶版才可以支持"; the pages
// name 旗舰版 and 企业版), the group exists (10010) and is not a Community (10007, the server's choice: the pages mark the
// Community "不支持" and name no code for it). No callback is sent: the
// pages document none.
func counterGroup(c *v4Call, groupID string) (*v4Group, error) {
	if !c.app.app.Edition.AtLeast(apps.EditionFlagship) {
		return nil, v4Err(restapi.CodeGroupNeedsFlagship, "group counters need a Flagship or Enterprise app; app %d is %s: upgrade it (UpgradeIMAppPackage)", c.app.app.SDKAppID, c.app.app.Edition)
	}
	return c.app.v4.groupNot(groupID, restapi.GroupCommunity, restapi.CodeGroupNoPermission,
		"a Community has no group counters; keep them on a group of another type")
}

// counterIndex returns the index of key in g's counters, -1 when g has no
// such counter.
func (g *v4Group) counterIndex(key string) int {
	return slices.IndexFunc(g.counters, func(gc restapi.GroupCounter) bool { return gc.Key == key })
}

// v4GetGroupCounter answers the counters of GroupCounterKeys in the order
// asked, leaving out keys with no counter, or every counter in the order
// first set: restapi's Validate (10004, 10015), then counterGroup.
func (s *Server) v4GetGroupCounter(c *v4Call, req *restapi.GetGroupCounterRequest) (any, error) {
	g, err := counterGroup(c, req.GroupID)
	if err != nil {
		return nil, err
	}
	if len(req.GroupCounterKeys) == 0 {
		return restapi.GroupCounterResponse{GroupCounter: append([]restapi.GroupCounter{}, g.counters...)}, nil
	}
	resp := restapi.GroupCounterResponse{GroupCounter: []restapi.GroupCounter{}}
	for _, k := range req.GroupCounterKeys {
		if i := g.counterIndex(k); i >= 0 {
			resp.GroupCounter = append(resp.GroupCounter, g.counters[i])
		}
	}
	return resp, nil
}

// v4UpdateGroupCounter applies every counter or none: restapi's Validate
// (10004, 10015), then counterGroup; 10004 (chosen) when the group would
// hold more than 20 counters or a value would leave the int64 range. It
// answers the counters changed, in the order given, with their values
// now.
func (s *Server) v4UpdateGroupCounter(c *v4Call, req *restapi.UpdateGroupCounterRequest) (any, error) {
	g, err := counterGroup(c, req.GroupID)
	if err != nil {
		return nil, err
	}
	next := slices.Clone(g.counters)
	resp := restapi.GroupCounterResponse{GroupCounter: make([]restapi.GroupCounter, len(req.GroupCounter))}
	for j, gc := range req.GroupCounter {
		i := g.counterIndex(gc.Key)
		if i < 0 {
			i = len(next)
			next = append(next, restapi.GroupCounter{Key: gc.Key})
		}
		v, ok := counterStep(next[i].Value, gc.Value, req.Mode)
		if !ok {
			return nil, v4Err(restapi.CodeGroupInvalidParam, "%s of counter %q by %d leaves the int64 range (it is %d)", req.Mode, gc.Key, gc.Value, next[i].Value)
		}
		next[i].Value = v
		resp.GroupCounter[j] = next[i]
	}
	if len(next) > restapi.MaxGroupCounters {
		return nil, v4Err(restapi.CodeGroupInvalidParam, "group %q would hold %d counters; a group holds at most %d: delete some first (delete_group_counter)", req.GroupID, len(next), restapi.MaxGroupCounters)
	}
	g.counters = next
	return resp, nil
}

// counterStep is a counter's value old after mode applies v (an empty
// mode is Set), and whether it stays in the int64 range.
func counterStep(old, v int64, mode restapi.CounterMode) (int64, bool) {
	switch mode {
	case restapi.CounterIncrease:
		n := old + v
		return n, (n > old) == (v > 0)
	case restapi.CounterDecrease:
		n := old - v
		return n, (n < old) == (v > 0)
	}
	return v, true
}

// v4DeleteGroupCounter deletes the counters of GroupCounterKeys, keys
// with no counter skipped, or every counter: restapi's Validate (10004,
// 10015), then counterGroup.
func (s *Server) v4DeleteGroupCounter(c *v4Call, req *restapi.DeleteGroupCounterRequest) (any, error) {
	g, err := counterGroup(c, req.GroupID)
	if err != nil {
		return nil, err
	}
	if len(req.GroupCounterKeys) == 0 {
		g.counters = nil
		return nil, nil
	}
	g.counters = slices.DeleteFunc(g.counters, func(gc restapi.GroupCounter) bool { return slices.Contains(req.GroupCounterKeys, gc.Key) })
	return nil, nil
}
