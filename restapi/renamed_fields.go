package restapi

import "encoding/json"

// Tencent renamed its "shut up" fields "mute" (ShutUpAllMember became
// MuteAllMember, ShutUpUntil MuteUntil): answers captured from the service
// carry either name, depending on when and where. The types below encode
// the name this package documents and decode both, so a field is never
// silently zero because the service used the other one.

// UnmarshalJSON decodes a GroupInfo, taking ShutUpAllMember when
// MuteAllMember is absent.
func (g *GroupInfo) UnmarshalJSON(b []byte) error {
	type plain GroupInfo
	w := struct {
		*plain
		ShutUpAllMember MuteAll `json:"ShutUpAllMember"`
	}{plain: (*plain)(g)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if g.MuteAllMember == "" {
		g.MuteAllMember = w.ShutUpAllMember
	}
	return nil
}

// UnmarshalJSON decodes a JoinedGroup, taking ShutUpAllMember when
// MuteAllMember is absent.
func (j *JoinedGroup) UnmarshalJSON(b []byte) error {
	type plain JoinedGroup
	w := struct {
		*plain
		ShutUpAllMember MuteAll `json:"ShutUpAllMember"`
	}{plain: (*plain)(j)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if j.MuteAllMember == "" {
		j.MuteAllMember = w.ShutUpAllMember
	}
	return nil
}

// UnmarshalJSON decodes a GroupMemberInfo, taking MuteUntil when
// ShutUpUntil is absent.
func (m *GroupMemberInfo) UnmarshalJSON(b []byte) error {
	type plain GroupMemberInfo
	w := struct {
		*plain
		MuteUntil int64 `json:"MuteUntil"`
	}{plain: (*plain)(m)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if m.ShutUpUntil == 0 {
		m.ShutUpUntil = w.MuteUntil
	}
	return nil
}
