package io.nodus.chat.impl.engine;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;

import io.nodus.api.chat.ChatGroup;
import io.nodus.api.identity.PeerId;
import io.nodus.chat.impl.protocol.GroupUpdate;

/** {@link ChatGroup} to and from its wire form. */
final class GroupCodec {

    /** Most members of one group. */
    static final int MAX_MEMBERS = 256;

    private GroupCodec() {
    }

    static GroupUpdate encode(ChatGroup g) {
        GroupUpdate.Builder b = GroupUpdate.newBuilder().setGroupId(g.id()).setName(g.name())
                .setOwner(ByteString.copyFrom(g.owner().toBytes())).setEpoch(g.epoch());
        g.members().forEach(m -> b.addMembers(ByteString.copyFrom(m.toBytes())));
        return b.build();
    }

    /** @throws IllegalArgumentException when a peer id does not parse or the group is too large */
    static ChatGroup decode(GroupUpdate u) {
        if (u.getMembersCount() > MAX_MEMBERS || u.getGroupId().isEmpty() || u.getGroupId().length() > 64) {
            throw new IllegalArgumentException("group update out of bounds");
        }
        List<PeerId> members = new ArrayList<>();
        for (ByteString m : u.getMembersList()) {
            members.add(PeerId.fromBytes(m.toByteArray()));
        }
        return new ChatGroup(u.getGroupId(), u.getName(), PeerId.fromBytes(u.getOwner().toByteArray()), members,
                u.getEpoch());
    }
}
