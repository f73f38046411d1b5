package apps

import (
	"context"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/consolewire"
)

// ActionListIDs is cim's DescribeSdkAppid, Tencent Cloud API 3.0's one IM
// action (service cim, version client.VersionCIM).
const ActionListIDs = "DescribeSdkAppid"

// ListIDs returns the SDKAppID of every app of the account, deleted ones
// excluded (cim DescribeSdkAppid), empty when it has none. It is the one
// method of this package that works against real Tencent Cloud
// (client.WithTencentCloud); the others are console-protocol actions. It
// fails with the action's FailedOperation, InvalidParameter or
// MissingParameter, or as client.Client.CallService does.
func (s *Service) ListIDs(ctx context.Context) ([]uint64, error) {
	var resp consolewire.ListIDsResponse
	if err := s.c.CallService(ctx, client.Service{Name: client.ServiceCIM, Version: client.VersionCIM}, ActionListIDs, nil, &resp); err != nil {
		return nil, err
	}
	if resp.SDKAppIDs == nil {
		return []uint64{}, nil
	}
	return resp.SDKAppIDs, nil
}
