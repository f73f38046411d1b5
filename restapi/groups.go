package restapi

import (
	"context"
	"errors"
)

// GroupService creates, reads and dissolves groups (group_open_http_svc).
// Reach it as Client.Groups.
type GroupService struct {
	c *Client
}

// Create creates a group (create_group) and returns its GroupID. The
// request is checked locally first (10004, 10015 for a bad custom
// GroupID, 10007 for members of an AVChatRoom); the owner and members
// must be imported accounts (10019, ErrAccountNotImported) and a custom
// GroupID must be unused (10021).
//
// A lost answer is not retried (the group may exist already): on a
// network error, look the group up with Get when you chose its GroupID.
func (s *GroupService) Create(ctx context.Context, req *CreateGroupRequest) (string, error) {
	if req == nil {
		return "", errors.New("restapi: Groups.Create needs a *CreateGroupRequest with at least Type and Name")
	}
	if err := req.Validate(); err != nil {
		return "", err
	}
	var resp CreateGroupResponse
	if err := s.c.call(ctx, ServiceGroup, CommandCreateGroup, req, &resp); err != nil {
		return "", err
	}
	return resp.GroupID, nil
}

// Destroy dissolves a group (destroy_group). A group that does not exist
// or was already dissolved fails with 10010 (ErrGroupNotFound).
func (s *GroupService) Destroy(ctx context.Context, groupID string) error {
	req := DestroyGroupRequest{GroupID: groupID}
	if err := req.Validate(); err != nil {
		return err
	}
	return s.c.call(ctx, ServiceGroup, CommandDestroyGroup, &req, nil)
}

// Get returns the information of groups (get_group_info, 50 per request),
// one GroupInfo per GroupID in the order given. A group that could not be
// read has a non-zero ErrorCode in its GroupInfo (10010: it does not
// exist); the call itself still succeeds. Use Call with a
// GetGroupInfoRequest to set a ResponseFilter.
func (s *GroupService) Get(ctx context.Context, groupIDs ...string) ([]GroupInfo, error) {
	var out []GroupInfo
	for start := 0; start < len(groupIDs); start += MaxGroupsPerInfoRequest {
		req := GetGroupInfoRequest{GroupIDList: groupIDs[start:min(start+MaxGroupsPerInfoRequest, len(groupIDs))]}
		if err := req.Validate(); err != nil {
			return out, err
		}
		var resp GetGroupInfoResponse
		if err := s.c.call(ctx, ServiceGroup, CommandGetGroupInfo, &req, &resp); err != nil {
			return out, err
		}
		out = append(out, resp.GroupInfo...)
	}
	return out, nil
}
